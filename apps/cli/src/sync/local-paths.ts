import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalEntry } from '../local/local-entry.js';
import { joinPath } from '../plan/relative-path.js';

/** Returns the absolute local path of a relative path. */
export function absolutePath(localRoot: string, path: string): string {
  return join(localRoot, ...path.split('/'));
}

/** Returns the absolute remote path of a relative path below the remote root. */
export function remotePathOf(remoteRootPath: string, path: string): string {
  return remoteRootPath === '/' ? `/${path}` : joinPath(remoteRootPath, path);
}

/** Returns the current size, mtime and kind of a local item, or null when it is missing. */
export async function statLocal(absolute: string): Promise<LocalEntry | null> {
  try {
    const stats = await lstat(absolute);
    const kind = stats.isDirectory() ? 'folder' : 'file';
    return { kind, size: kind === 'file' ? stats.size : 0, mtimeMs: stats.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Returns whether a local item still has the kind, size and mtime it had when it was scanned. */
export function sameLocal(current: LocalEntry | null, expected: LocalEntry | null): boolean {
  if (current === null || expected === null) return current === expected;
  return (
    current.kind === expected.kind &&
    current.size === expected.size &&
    current.mtimeMs === expected.mtimeMs
  );
}
