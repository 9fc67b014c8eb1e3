import { describe, expect, it } from '@jest/globals';
import type { BenchRow } from '../bench-row.js';
import { formatTable } from './format-table.js';

const ROWS: BenchRow[] = [
  { section: 'delta', case: 'insert', metric: 'bytes uploaded', value: 1780030, unit: 'B' },
  {
    section: 'upload',
    case: '1 GiB random file',
    metric: 'upload throughput',
    value: 27.84,
    unit: 'MB/s',
    reference: '0.016x SHA-256',
    details: '38.7 s',
  },
];

describe('formatTable', () => {
  it('pads columns to equal width', () => {
    const lines = formatTable(ROWS).split('\n');
    expect(lines).toHaveLength(4);
    const referenceColumn = lines[0].indexOf('reference');
    expect(lines[2].indexOf('-', referenceColumn)).toBe(referenceColumn);
    expect(lines[3].indexOf('0.016x')).toBe(referenceColumn);
  });

  it('aligns values to the right', () => {
    const lines = formatTable(ROWS).split('\n');
    const valueEnd = lines[2].indexOf('1,780,030 B') + '1,780,030 B'.length;
    expect(lines[3].indexOf('27.8 MB/s') + '27.8 MB/s'.length).toBe(valueEnd);
  });

  it('marks a failed row', () => {
    const failed: BenchRow = { ...ROWS[0], failure: 'copy differs', details: 'identical?' };
    expect(formatTable([failed])).toContain('FAILED: copy differs; identical?');
  });

  it('prints a header without rows', () => {
    expect(formatTable([]).split('\n')[0]).toBe('section  case  metric  value  reference  details');
  });
});
