import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isIgnoredName } from '../../apps/cli/src/local/ignored-names.js';
import { joinPath } from '../../apps/cli/src/plan/relative-path.js';

/** Relative paths of a local folder's files and folders, sorted. */
export interface LocalTreeListing {
  readonly files: string[];
  readonly folders: string[];
}

/** Maximum number of folders a listing visits, so that a runaway tree fails fast. */
const MAX_FOLDERS = 100_000;

/**
 * Lists files and folders the way a sync client sees them, without `.scaidrive` and ignored
 * temporary files. Folders that vanish while it reads are left out.
 */
export async function listLocalTree(root: string): Promise<LocalTreeListing> {
  const tree: LocalTreeListing = { files: [], folders: [] };
  const pending = [''];
  for (let visited = 0; pending.length > 0; visited++) {
    if (visited > MAX_FOLDERS) throw new Error(`${root} has more than ${MAX_FOLDERS} folders`);
    const folder = pending.pop()!;
    const entries = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if ((folder === '' && entry.name === '.scaidrive') || isIgnoredName(entry.name)) continue;
      const path = joinPath(folder, entry.name);
      if (entry.isDirectory()) {
        tree.folders.push(path);
        pending.push(path);
      } else if (entry.isFile()) {
        tree.files.push(path);
      }
    }
  }
  tree.files.sort();
  tree.folders.sort();
  return tree;
}
