import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { workRoot } from './bench-paths.js';

/** Creates an empty folder under bench/.work for one section, removing what an earlier run left. */
export async function createScratchFolder(name: string): Promise<string> {
  const folder = join(workRoot, name);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  return folder;
}

/**
 * Removes a section's data from its folder but keeps the `.log` files at its top, which are
 * small and which failure notes point to. With `keep`, everything stays for inspection.
 */
export async function removeScratchFolder(folder: string, keep: boolean): Promise<void> {
  if (keep) return;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.log')) continue;
    await rm(join(folder, entry.name), { recursive: true, force: true });
  }
}
