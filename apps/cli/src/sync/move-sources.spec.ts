import { describe, expect, it } from '@jest/globals';
import { baseFile, baseFolder, baseOf } from '../../../../test/support/sync-plan-fixtures.js';
import { MoveSources } from './move-sources.js';

describe('MoveSources', () => {
  const base = baseOf({
    old: baseFolder('f'),
    'old/a.txt': baseFile('a', 'v1', 10),
    'kept.txt': baseFile('k', 'v2', 10),
    'gone.txt': baseFile('g', 'v3', 10),
  });
  const deletes = [
    { path: 'old', base: baseFolder('f'), replaced: false },
    { path: 'gone.txt', base: baseFile('g', 'v3', 10), replaced: false },
  ];

  it('finds deleted files inside deleted folders', () => {
    const sources = new MoveSources(base, deletes);
    expect(sources.take('sha-v1', 10)?.path).toBe('old/a.txt');
  });

  it('gives each source once', () => {
    const sources = new MoveSources(base, deletes);
    expect(sources.take('sha-v3', 10)?.path).toBe('gone.txt');
    expect(sources.take('sha-v3', 10)).toBeNull();
  });

  it('ignores files that were not deleted', () => {
    expect(new MoveSources(base, deletes).take('sha-v2', 10)).toBeNull();
  });

  it('requires the same size', () => {
    expect(new MoveSources(base, deletes).take('sha-v1', 11)).toBeNull();
  });
});
