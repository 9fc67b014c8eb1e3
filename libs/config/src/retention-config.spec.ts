import { readRetentionConfig } from './retention-config.js';

function read(env: Record<string, string>) {
  const problems: string[] = [];
  const config = readRetentionConfig(env, problems);
  return { config, problems };
}

describe('retention config', () => {
  it('defaults to 5 minutes, 1 hour and 24 hours', () => {
    const { config, problems } = read({});
    expect(problems).toEqual([]);
    expect(config).toEqual({
      intervalMs: 300_000,
      chunkGcIntervalMs: 3_600_000,
      chunkGraceMs: 86_400_000,
    });
  });

  it('reads every variable', () => {
    const { config, problems } = read({
      RETENTION_INTERVAL_MS: '0',
      CHUNK_GC_INTERVAL_MS: '0',
      CHUNK_GC_GRACE_MS: '2000',
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({ intervalMs: 0, chunkGcIntervalMs: 0, chunkGraceMs: 2000 });
  });

  it.each([
    ['RETENTION_INTERVAL_MS', 'soon'],
    ['RETENTION_INTERVAL_MS', '-1'],
    ['RETENTION_INTERVAL_MS', '500'],
    ['CHUNK_GC_INTERVAL_MS', '1.5'],
    ['CHUNK_GC_GRACE_MS', '999'],
    ['CHUNK_GC_GRACE_MS', '0'],
  ])('rejects %s=%s', (name, value) => {
    const { problems } = read({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });
});
