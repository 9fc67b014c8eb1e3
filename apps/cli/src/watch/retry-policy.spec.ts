import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../api/api-error.js';
import { SyncSetupError } from '../sync/sync-setup-error.js';
import { isRetryable } from './retry-policy.js';

describe('isRetryable', () => {
  it('retries network and server failures', () => {
    expect(isRetryable(new ApiError('refused', 0, 'ECONNREFUSED', undefined))).toBe(true);
    expect(isRetryable(new ApiError('busy', 503, undefined, undefined))).toBe(true);
    expect(isRetryable(new ApiError('failed', 500, undefined, undefined))).toBe(true);
    expect(isRetryable(new Error('socket hang up'))).toBe(true);
  });

  it('ends on a rejected token', () => {
    expect(isRetryable(new ApiError('no', 401, undefined, undefined))).toBe(false);
    expect(isRetryable(new ApiError('no', 403, undefined, undefined))).toBe(false);
  });

  it('ends on a setup error', () => {
    expect(isRetryable(new SyncSetupError('another sync of this folder is running'))).toBe(false);
  });
});
