import { nameKey, normalizeName } from '@scaidrive/domain';
import type { Dirent } from 'node:fs';
import { lstat, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { joinPath } from '../plan/relative-path.js';
import { STATE_FOLDER } from '../state/state-store.js';
import { isIgnoredName } from './ignored-names.js';
import type { LocalEntry, LocalTree } from './local-entry.js';

/** Receives what the scan leaves out or renames, for warnings. */
export interface ScanListener {
  skipped(path: string, reason: string): void;
  renamed(from: string, to: string): void;
}

/**
 * Walks the local folder and returns its files and folders. Skips the state folder and temporary
 * files (see ignored-names.ts) silently, and symbolic links, special files and names the server
 * rejects with a warning for each. A name in another Unicode normalization is renamed to NFC on
 * disk, because the server stores NFC names.
 */
export async function scanLocalTree(root: string, listener: ScanListener): Promise<LocalTree> {
  const tree: LocalTree = new Map();
  const pending = [''];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    for (const [path, entry] of await scanFolder(root, folder, listener)) {
      tree.set(path, entry);
      if (entry.kind === 'folder') pending.push(path);
    }
  }
  return tree;
}

async function scanFolder(
  root: string,
  folder: string,
  listener: ScanListener,
): Promise<[string, LocalEntry][]> {
  let dirents: Dirent[];
  try {
    dirents = await readdir(join(root, folder), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // Names already in NFC come first, so that of two twins the one in NFC is kept.
  dirents.sort(
    (a, b) => Number(!isNfc(a.name)) - Number(!isNfc(b.name)) || compare(a.name, b.name),
  );
  const seenKeys = new Map<string, string>();
  const entries: [string, LocalEntry][] = [];
  for (const dirent of dirents) {
    if (folder === '' && dirent.name === STATE_FOLDER) continue;
    if (isIgnoredName(dirent.name)) continue;
    const name = await acceptedName(root, folder, dirent, seenKeys, listener);
    if (name === null) continue;
    const path = joinPath(folder, name);
    if (name.includes('\ufffd')) {
      // readdir decodes names that are not valid UTF-8 with U+FFFD, so such a file cannot be
      // opened by the decoded name, and the server stores UTF-8 names only.
      listener.skipped(path, 'the name is not valid UTF-8');
      continue;
    }
    let stats;
    try {
      stats = await lstat(join(root, path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A file removed since readdir needs no warning; anything else is worth one.
      if (code !== 'ENOENT') listener.skipped(path, `it could not be read (${code ?? String(error)})`);
      continue;
    }
    const kind = stats.isDirectory() ? 'folder' : 'file';
    entries.push([path, { kind, size: kind === 'file' ? stats.size : 0, mtimeMs: stats.mtimeMs }]);
  }
  return entries;
}

function isNfc(name: string): boolean {
  return name === name.normalize('NFC');
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Returns the NFC name to sync `dirent` under, or null (after a warning) to skip it. */
async function acceptedName(
  root: string,
  folder: string,
  dirent: Dirent,
  seenKeys: Map<string, string>,
  listener: ScanListener,
): Promise<string | null> {
  const shown = joinPath(folder, dirent.name);
  if (dirent.isSymbolicLink()) {
    listener.skipped(shown, 'symbolic links are not synced');
    return null;
  }
  if (!dirent.isFile() && !dirent.isDirectory()) {
    listener.skipped(shown, 'only regular files and folders are synced');
    return null;
  }
  let name: string;
  try {
    name = normalizeName(dirent.name);
  } catch (error) {
    listener.skipped(shown, (error as Error).message);
    return null;
  }
  const twin = seenKeys.get(nameKey(name));
  if (twin !== undefined) {
    listener.skipped(shown, `names must differ from ${joinPath(folder, twin)} in more than case`);
    return null;
  }
  seenKeys.set(nameKey(name), dirent.name);
  if (name !== dirent.name) {
    try {
      await rename(join(root, shown), join(root, folder, name));
    } catch (error) {
      listener.skipped(shown, `renaming it to NFC failed: ${(error as Error).message}`);
      return null;
    }
    listener.renamed(shown, joinPath(folder, name));
  }
  return name;
}
