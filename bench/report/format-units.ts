const groupedInteger = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Formats a byte count with thousands separators, such as `1,048,576 B`. */
export function formatBytes(bytes: number): string {
  return `${groupedInteger.format(bytes)} B`;
}

/** Formats milliseconds as seconds with one decimal, such as `2.4 s`. */
export function formatSeconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

/** Formats a row value in its unit: bytes grouped, rates with one decimal, ratios with two. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '-';
  if (unit === 'B') return formatBytes(value);
  if (unit === 'x') return `${value.toFixed(2)}x`;
  if (unit === 'MB/s') return `${value.toFixed(1)} MB/s`;
  return `${groupedInteger.format(value)} ${unit}`;
}

/** Formats a size that is a whole number of MiB as GiB or MiB, such as `1 GiB`. */
export function formatBinarySize(bytes: number): string {
  const mebibytes = bytes / (1024 * 1024);
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024} GiB` : `${mebibytes} MiB`;
}

/** Formats a count with its noun, singular for one: `1 chunk`, `1,128 chunks`. */
export function formatCount(count: number, noun: string): string {
  return `${groupedInteger.format(count)} ${noun}${count === 1 ? '' : 's'}`;
}
