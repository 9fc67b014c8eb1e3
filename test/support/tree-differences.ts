import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A tree as snapshotSyncedTree or snapshotRemoteTree describe it: path to `folder` or SHA-256. */
export type TreeSnapshot = Record<string, string>;

/** Maximum number of differing paths listed, so that a runaway divergence stays readable. */
const MAX_LISTED = 60;

/** Returns the sorted paths on which the trees disagree, including paths that some trees lack. */
export function differingPaths(trees: Readonly<Record<string, TreeSnapshot>>): string[] {
  const snapshots = Object.values(trees);
  const paths = new Set(snapshots.flatMap((snapshot) => Object.keys(snapshot)));
  return [...paths]
    .filter((path) => snapshots.some((snapshot) => snapshot[path] !== snapshots[0][path]))
    .sort();
}

/**
 * Lists each path on which the labelled trees disagree, one line per path, with what each tree
 * contains there: `folder`, the first 12 hex digits of the file's SHA-256, or `missing`.
 */
export function describeTreeDifferences(trees: Readonly<Record<string, TreeSnapshot>>): string[] {
  const paths = differingPaths(trees);
  const lines = paths.slice(0, MAX_LISTED).map((path) => {
    const cells = Object.entries(trees).map(
      ([label, snapshot]) => `${label}=${shorten(snapshot[path] ?? 'missing')}`,
    );
    return `${path}: ${cells.join(' ')}`;
  });
  if (paths.length > MAX_LISTED) lines.push(`... and ${paths.length - MAX_LISTED} more paths`);
  return lines;
}

/**
 * Describes what a sync client recorded for `paths` in `folder`/.scaidrive/state.json: the base
 * entry of each path and the remote node that entry refers to, with that node's path as the
 * client last read it from the change feed. Returns the stored cursor, then one line per path.
 */
export async function describeSyncState(
  folder: string,
  paths: readonly string[],
): Promise<string[]> {
  let state: StoredState;
  try {
    state = JSON.parse(await readFile(join(folder, '.scaidrive', 'state.json'), 'utf8'));
  } catch (error) {
    return [`reading the state file of ${folder} failed: ${(error as Error).message}`];
  }
  const lines = [`cursor ${state.cursor}`];
  for (const path of paths) {
    const base = state.base[path];
    const byNode = Object.entries(state.base).filter(([, entry]) => entry.nodeId === base?.nodeId);
    const remote = base ? state.remote[base.nodeId] : undefined;
    const remoteText = remote
      ? `remote ${remotePathOf(state, base!.nodeId)} version ${remote.version?.id ?? '-'} ` +
        `sha256 ${shorten(remote.version?.sha256 ?? '-')}`
      : 'no remote node';
    const baseText = base
      ? `base ${base.kind} node ${base.nodeId} version ${base.versionId ?? '-'} ` +
        `sha256 ${shorten(base.sha256 ?? '-')}`
      : 'no base entry';
    const aliases = byNode.length > 1 ? `, also based at ${byNode.map(([other]) => other)}` : '';
    lines.push(`${path}: ${baseText}; ${remoteText}${aliases}`);
  }
  return lines;
}

interface StoredState {
  readonly cursor: string | null;
  readonly remoteRootId: string;
  readonly base: Record<string, StoredBaseEntry>;
  readonly remote: Record<string, StoredRemoteNode>;
}

interface StoredBaseEntry {
  readonly nodeId: string;
  readonly kind: string;
  readonly versionId?: string;
  readonly sha256?: string;
}

interface StoredRemoteNode {
  readonly parentId: string | null;
  readonly name: string;
  readonly version: { readonly id: string; readonly sha256: string } | null;
}

/** Follows parent links up to the remote root. A missing parent or a cycle ends the path early. */
function remotePathOf(state: StoredState, nodeId: string): string {
  const names: string[] = [];
  const seen = new Set<string>();
  let id: string | null = nodeId;
  while (id !== null && id !== state.remoteRootId) {
    const node: StoredRemoteNode | undefined = state.remote[id];
    if (!node || seen.has(id)) return `(unreachable)/${names.join('/')}`;
    seen.add(id);
    names.unshift(node.name);
    id = node.parentId;
  }
  return names.join('/');
}

function shorten(value: string): string {
  return /^[0-9a-f]{64}$/.test(value) ? value.slice(0, 12) : value;
}
