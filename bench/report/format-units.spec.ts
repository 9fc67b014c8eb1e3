import { describe, expect, it } from '@jest/globals';
import { formatBinarySize, formatBytes, formatCount, formatValue } from './format-units.js';

describe('format-units', () => {
  it('groups bytes', () => {
    expect(formatBytes(117308864)).toBe('117,308,864 B');
    expect(formatBytes(0)).toBe('0 B');
  });

  it('formats values by unit', () => {
    expect(formatValue(1717.26, 'MB/s')).toBe('1717.3 MB/s');
    expect(formatValue(0.0162, 'x')).toBe('0.02x');
    expect(formatValue(2544.4, 'events/s')).toBe('2,544 events/s');
    expect(formatValue(null, 'B')).toBe('-');
  });

  it('names binary sizes', () => {
    expect(formatBinarySize(1024 * 1024 * 1024)).toBe('1 GiB');
    expect(formatBinarySize(64 * 1024 * 1024)).toBe('64 MiB');
  });

  it('pluralises counts', () => {
    expect(formatCount(1, 'chunk')).toBe('1 chunk');
    expect(formatCount(1128, 'chunk')).toBe('1,128 chunks');
    expect(formatCount(0, 'writer')).toBe('0 writers');
  });
});
