import { setTimeout as sleep } from 'node:timers/promises';
import { snapshotSyncedTree } from './synced-tree.js';
import type { WatchProcess } from './watch-process.js';

export interface ConvergenceOptions {
  readonly folders: readonly string[];
  readonly watchers: readonly WatchProcess[];
  /** Time in ms that the folders must stay equal while no watcher changes anything. */
  readonly quietMs: number;
  readonly timeoutMs: number;
}

export interface Convergence {
  readonly converged: boolean;
  readonly waitedMs: number;
  /** The last snapshot of each folder (see snapshotSyncedTree). */
  readonly snapshots: Record<string, string>[];
}

/** Equal folders as first seen, with each watcher's pass count at that moment. */
interface Stable {
  readonly since: number;
  readonly text: string;
  readonly passes: readonly number[];
}

/** Interval in ms between snapshots of the folders. */
const POLL_MS = 250;

/**
 * Waits until the folders are equal and stay so for `quietMs`, no watcher's pass changed
 * anything meanwhile, and every watcher finished a pass after they became equal: then a full
 * scan on each side found nothing left to do. Gives up after `timeoutMs`.
 */
export async function waitForConvergence(options: ConvergenceOptions): Promise<Convergence> {
  const started = Date.now();
  let stable = null as Stable | null;
  let snapshots: Record<string, string>[] = [];
  while (Date.now() - started < options.timeoutMs) {
    snapshots = await Promise.all(options.folders.map((folder) => snapshotSyncedTree(folder)));
    const texts = snapshots.map((snapshot) => JSON.stringify(snapshot));
    const equal = texts.every((text) => text === texts[0]);
    if (!equal) {
      stable = null;
    } else if (stable?.text !== texts[0]) {
      const passes = options.watchers.map((watcher) => watcher.passes.length);
      stable = { since: Date.now(), text: texts[0], passes };
    } else if (isQuiet(options, stable)) {
      return { converged: true, waitedMs: Date.now() - started, snapshots };
    }
    await sleep(POLL_MS);
  }
  return { converged: false, waitedMs: Date.now() - started, snapshots };
}

function isQuiet(options: ConvergenceOptions, stable: Stable): boolean {
  const now = Date.now();
  if (now - stable.since < options.quietMs) return false;
  return options.watchers.every(
    (watcher, index) =>
      now - watcher.lastActivityAt >= options.quietMs &&
      watcher.passes.length > stable.passes[index],
  );
}
