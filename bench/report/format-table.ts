import type { BenchRow } from '../bench-row.js';
import { formatValue } from './format-units.js';

const HEADERS = ['section', 'case', 'metric', 'value', 'reference', 'details'];
/** Columns aligned to the right: the value, so digits line up. */
const RIGHT_ALIGNED = new Set([3]);

function cells(row: BenchRow): string[] {
  const details = row.failure ? `FAILED: ${row.failure}; ${row.details ?? ''}` : row.details;
  return [
    row.section,
    row.case,
    row.metric,
    formatValue(row.value, row.unit),
    row.reference ?? '-',
    details ?? '',
  ];
}

/** Formats rows as a plain-text table with a header, columns padded to their widest cell. */
export function formatTable(rows: readonly BenchRow[]): string {
  const lines = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  const pad = (line: string[]) =>
    line
      .map((cell, column) =>
        RIGHT_ALIGNED.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [pad(lines[0]), rule, ...lines.slice(1).map(pad)].join('\n');
}
