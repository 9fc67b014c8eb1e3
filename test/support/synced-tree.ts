import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIgnoredName } from '../../apps/cli/src/local/ignored-names.js';
import type { HttpClient } from './http-client.js';

/** Maximum number of folders a snapshot visits, so that a runaway tree fails fast. */
const MAX_FOLDERS = 100_000;

/**
 * Describes what a sync client syncs of a local folder: relative path to `folder` or the file's
 * SHA-256, leaving out `.scaidrive` and ignored temporary files. Items that vanish while it
 * reads, because a watching sync moves them, are left out too.
 */
export async function snapshotSyncedTree(root: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  const pending = [''];
  for (let visited = 0; pending.length > 0; visited++) {
    if (visited > MAX_FOLDERS) throw new Error(`${root} has more than ${MAX_FOLDERS} folders`);
    const folder = pending.pop()!;
    const names = await readdir(join(root, folder)).catch(ignoreMissing([]));
    for (const name of names) {
      if ((folder === '' && name === '.scaidrive') || isIgnoredName(name)) continue;
      const path = folder === '' ? name : `${folder}/${name}`;
      const stats = await lstat(join(root, path)).catch(ignoreMissing(null));
      if (stats?.isDirectory()) {
        snapshot[path] = 'folder';
        pending.push(path);
      } else if (stats) {
        const content = await readFile(join(root, path)).catch(ignoreMissing(null));
        if (content) snapshot[path] = sha256Hex(content);
      }
    }
  }
  return sorted(snapshot);
}

/** Describes the caller's drive the same way, through the API. */
export async function snapshotRemoteTree(client: HttpClient): Promise<Record<string, string>> {
  const me = await client.get('/me');
  if (me.status !== 200) throw new Error(`GET /me failed with ${me.status}`);
  const snapshot: Record<string, string> = {};
  const pending: [string, string][] = [[me.body.rootFolderId, '']];
  for (let visited = 0; pending.length > 0; visited++) {
    if (visited > MAX_FOLDERS) throw new Error(`the drive has more than ${MAX_FOLDERS} folders`);
    const [id, folder] = pending.pop()!;
    const children = await client.get(`/folders/${id}/children`);
    if (children.status !== 200) {
      throw new Error(`listing /${folder} failed with ${children.status}`);
    }
    for (const node of children.body.items) {
      const path = folder === '' ? node.name : `${folder}/${node.name}`;
      snapshot[path] = node.kind === 'folder' ? 'folder' : node.version.sha256;
      if (node.kind === 'folder') pending.push([node.id, path]);
    }
  }
  return sorted(snapshot);
}

export function sha256Hex(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

function sorted(snapshot: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function ignoreMissing<T>(fallback: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return fallback;
    throw error;
  };
}
