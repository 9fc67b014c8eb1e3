import type { BenchRow } from '../bench-row.js';

/**
 * Rows a section measured, and notes on what it skipped or how it ran. Sections append to it as
 * they go, so the rows measured before a failure still reach the table.
 */
export interface SectionOutput {
  readonly rows: BenchRow[];
  readonly notes: string[];
}

/** Writes a progress line to stderr, so stdout carries only the table. */
export function progress(section: string, message: string): void {
  process.stderr.write(`[${section}] ${message}\n`);
}
