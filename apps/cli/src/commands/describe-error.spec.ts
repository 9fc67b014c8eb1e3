import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../api/api-error.js';
import { describeError } from './describe-error.js';

describe('describeError', () => {
  it('hints at a token on 401', () => {
    const error = new ApiError('GET /me failed with 401 Unauthorized', 401, undefined, undefined);
    expect(describeError(error)).toContain('scaidrive token --user NAME');
  });

  it('hints at the server on network failure', () => {
    const error = new ApiError(
      'GET http://x/api/v1/me failed: ECONNREFUSED',
      0,
      'ECONNREFUSED',
      '',
    );
    expect(describeError(error)).toContain('Check --server');
  });

  it('shows problem details as they are', () => {
    const error = new ApiError(
      'POST /files failed with 413 Too Large: quota',
      413,
      'TOO_LARGE',
      'quota',
    );
    expect(describeError(error)).toBe('POST /files failed with 413 Too Large: quota');
  });

  it('shows plain errors', () => {
    expect(describeError(new Error('disk full'))).toBe('disk full');
    expect(describeError('text')).toBe('text');
  });
});
