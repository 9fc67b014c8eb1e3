import { describe, expect, it } from '@jest/globals';
import { readBenchOptions, UsageError } from './bench-options.js';

describe('readBenchOptions', () => {
  it('runs every section without arguments', () => {
    expect(readBenchOptions([], {}).sections).toEqual([
      'delta',
      'upload',
      'eventstore',
      'feed',
      'projections',
    ]);
  });

  it('keeps the table order of named sections', () => {
    expect(readBenchOptions(['eventstore', 'delta'], {}).sections).toEqual(['delta', 'eventstore']);
  });

  it('rejects an unknown section', () => {
    expect(() => readBenchOptions(['delta', 'uplaod'], {})).toThrow(UsageError);
    expect(() => readBenchOptions(['uplaod'], {})).toThrow('unknown section "uplaod"');
  });

  it('reads defaults from an empty environment', () => {
    const options = readBenchOptions([], {});
    expect(options.deltaFile).toBeNull();
    expect(options.uploadBytes).toBe(1024 * 1024 * 1024);
    expect(options.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(options.keepWork).toBe(false);
  });

  it('reads the environment', () => {
    const options = readBenchOptions([], {
      BENCH_FILE: '/tmp/big.bin',
      BENCH_UPLOAD_MIB: '64',
      TEST_DATABASE_URL: 'postgres://bench@127.0.0.1:5433/other',
      BENCH_KEEP_WORK: '1',
    });
    expect(options.deltaFile).toBe('/tmp/big.bin');
    expect(options.uploadBytes).toBe(64 * 1024 * 1024);
    expect(options.databaseUrl).toBe('postgres://bench@127.0.0.1:5433/other');
    expect(options.keepWork).toBe(true);
  });

  it('rejects an invalid upload size', () => {
    for (const raw of ['0', '1.5', '-3', 'big']) {
      expect(() => readBenchOptions([], { BENCH_UPLOAD_MIB: raw })).toThrow(`got "${raw}"`);
    }
  });
});
