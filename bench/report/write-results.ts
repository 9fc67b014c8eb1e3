import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BenchRow } from '../bench-row.js';
import type { MachineInfo } from './machine-info.js';

/** The content of bench/.work/results.json. */
export interface BenchResults {
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineInfo;
  /** Wall time of each section that ran, in milliseconds. */
  readonly sectionMs: Readonly<Record<string, number>>;
  readonly rows: readonly BenchRow[];
  readonly notes: readonly string[];
  readonly table: string;
}

/**
 * Writes the results as indented JSON, creating the folder when needed. The write is synchronous
 * so that a handler of an uncaught exception can still save what was measured.
 */
export function writeResults(path: string, results: BenchResults): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
