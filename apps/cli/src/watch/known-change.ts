import type { ChangeDto } from '../api/api-types.js';
import type { SyncState } from '../state/sync-state.js';

/**
 * Returns whether a change of the feed needs no pass: the stored remote nodes already show it,
 * because this client made it or an earlier pass applied it, or it concerns a node outside the
 * synced folder. Conflict entries need no pass either: their files arrive as upserts.
 */
export function isKnownChange(change: ChangeDto, state: SyncState): boolean {
  if (change.op === 'delete') return !state.remote.has(change.nodeId);
  if (change.op !== 'upsert') return true;
  const { node } = change;
  const known = state.remote.get(node.id);
  if (!known) return node.parentId === null || !state.remote.has(node.parentId);
  return (
    known.parentId === node.parentId &&
    known.name === node.name &&
    known.kind === node.kind &&
    (known.version?.id ?? null) === (node.version?.id ?? null)
  );
}
