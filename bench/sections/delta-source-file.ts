import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const DEFAULT_DELTA_FILE = '/usr/lib/x86_64-linux-gnu/libLLVM-15.so.1';
const MIN_SIZE = 100 * 1000 * 1000;
const SEARCH_ROOT = '/usr/lib';
/** Bounds the fallback search, so a machine with a huge /usr/lib does not stall the run. */
const MAX_ENTRIES_VISITED = 200_000;

export interface DeltaSourceFile {
  readonly path: string;
  readonly size: number;
  /** Reason for choosing this file, when it is not the default. */
  readonly note: string | null;
}

async function regularFileSize(path: string): Promise<number | null> {
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? info.size : null;
}

/** Returns the first regular file of over 100 MB below `root`, in sorted order, or null. */
async function findLargeFile(root: string): Promise<DeltaSourceFile | null> {
  const pending = [root];
  let visited = 0;
  while (pending.length > 0 && visited < MAX_ENTRIES_VISITED) {
    const folder = pending.shift()!;
    const entries = [];
    for await (const entry of await opendir(folder).catch(() => [])) entries.push(entry);
    entries.sort((left, right) => (left.name < right.name ? -1 : 1));
    for (const entry of entries) {
      visited += 1;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) pending.push(path);
      if (!entry.isFile()) continue;
      const size = await regularFileSize(path);
      if (size !== null && size > MIN_SIZE) {
        return { path, size, note: `${DEFAULT_DELTA_FILE} is absent; using ${path}` };
      }
    }
  }
  return null;
}

/**
 * Picks the file the delta section edits: BENCH_FILE when given (which must exist), else the
 * default shared library, else the first file of over 100 MB under /usr/lib. Null when none exists.
 */
export async function chooseDeltaSourceFile(
  requested: string | null,
): Promise<DeltaSourceFile | null> {
  if (requested !== null) {
    const size = await regularFileSize(requested);
    if (size === null) throw new Error(`BENCH_FILE ${requested} is not a readable regular file`);
    const small =
      size <= MIN_SIZE ? ` (${size} bytes, under the 100 MB the section is sized for)` : '';
    return { path: requested, size, note: small ? `BENCH_FILE ${requested}${small}` : null };
  }
  const size = await regularFileSize(DEFAULT_DELTA_FILE);
  if (size !== null) return { path: DEFAULT_DELTA_FILE, size, note: null };
  return findLargeFile(SEARCH_ROOT);
}
