import { conflictCopyName } from '@scaidrive/domain';
import { joinPath, nameOf, parentOf } from '../plan/relative-path.js';
import type { RemoteListing } from '../remote/remote-tree.js';
import { absolutePath, statLocal } from './local-paths.js';
import type { SyncContext } from './sync-context.js';

/** Maximum number of numbered conflict names tried before giving up. */
const MAX_ATTEMPTS = 100;

/**
 * Chooses a free path for a local conflict copy of `path`, named like the server's conflict copies
 * (`name (conflicted copy 2026-12-04 153012 alice).ext`) and free both locally and remotely.
 */
export async function chooseConflictPath(
  context: SyncContext,
  path: string,
  listing: RemoteListing,
): Promise<string> {
  const now = new Date();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const name = conflictCopyName(nameOf(path), now, context.userName, attempt);
    const candidate = joinPath(parentOf(path), name);
    const taken =
      listing.byPath.has(candidate) ||
      context.state.base.has(candidate) ||
      (await statLocal(absolutePath(context.localRoot, candidate))) !== null;
    if (!taken) return candidate;
  }
  throw new Error(`no free conflict copy name for ${path} after ${MAX_ATTEMPTS} attempts`);
}
