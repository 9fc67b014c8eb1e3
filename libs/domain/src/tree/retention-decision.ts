import { type DriveEvent, type RetentionPolicy } from '../events/drive-events.js';
import {
  DEFAULT_RETENTION_POLICY,
  requireValidRetentionPolicy,
  sameRetentionPolicy,
} from './retention-policy.js';
import { type ApplyRetention, type SetRetentionPolicy } from './tree.commands.js';
import { type TreeNode } from './tree-node.js';
import { type TreeState } from './tree.state.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Bounds of one ApplyRetention decision. With at most 500 events and 5,000 version ids (about
 * 40 bytes each in JSON) an append stays far below the event store's 1 MiB limit.
 */
export const MAX_RETENTION_EVENTS = 500;
export const MAX_PRUNED_VERSION_IDS = 5000;

export function decideSetRetention(state: TreeState, command: SetRetentionPolicy): DriveEvent[] {
  const { keepVersions, keepDays, trashDays } = command.policy;
  const policy: RetentionPolicy = { keepVersions, keepDays, trashDays };
  requireValidRetentionPolicy(policy);
  if (state.retention && sameRetentionPolicy(state.retention, policy)) return [];
  return [{ type: 'RetentionPolicySet', data: { policy } }];
}

function isExpiredTrashItem(node: TreeNode, policy: RetentionPolicy, now: number): boolean {
  if (!node.deleted || node.purged || node.trashRoot !== node.id || node.deletedAt === null) {
    return false;
  }
  return now - node.deletedAt >= policy.trashDays * DAY_MS;
}

/**
 * Returns the old versions of a live or trashed file that the policy no longer keeps, oldest
 * first. A version is kept while either rule keeps it: it is one of the newest keepVersions
 * versions, counting the head, or it stopped being the head less than keepDays ago. Age counts
 * from the moment the next commit replaced a version, because until then it was the file's
 * content, so a user can go back to any state the file had during the last keepDays days.
 */
function expiredVersionIds(node: TreeNode, policy: RetentionPolicy, now: number): string[] {
  if (policy.keepVersions === null && policy.keepDays === null) return [];
  const cutoff = policy.keepDays === null ? null : now - policy.keepDays * DAY_MS;
  const expired: string[] = [];
  // The last entry is the head, which the loop never reaches.
  for (let index = 0; index < node.versions.length - 1; index++) {
    const version = node.versions[index];
    const newestRank = node.versions.length - index;
    const keptByCount = policy.keepVersions !== null && newestRank <= policy.keepVersions;
    const supersededAt = version.supersededAt ?? now;
    const keptByAge = cutoff !== null && supersededAt > cutoff;
    if (!keptByCount && !keptByAge && version.versionId !== node.headVersionId) {
      expired.push(version.versionId);
    }
  }
  return expired;
}

/**
 * Returns every version a purged file still has, head and rejected conflict versions included. The
 * incoming version of an open MANUAL conflict stays, because resolving the conflict brings it
 * back as a file.
 */
function purgedVersionIds(node: TreeNode): string[] {
  return [...node.versions.map((version) => version.versionId), ...node.rejectedVersionIds];
}

/**
 * Decides what the retention policy removes as of command.now: trash items deleted at least
 * trashDays ago are purged, and versions the policy no longer keeps are pruned, every version
 * of a purged file included. A purge in this decision prunes that file's versions in the next one.
 */
export function decideApplyRetention(state: TreeState, command: ApplyRetention): DriveEvent[] {
  const policy = state.retention ?? DEFAULT_RETENTION_POLICY;
  const now = command.now.getTime();
  const events: DriveEvent[] = [];
  let versionBudget = MAX_PRUNED_VERSION_IDS;
  for (const node of state.nodes.values()) {
    if (events.length >= MAX_RETENTION_EVENTS || versionBudget === 0) break;
    if (isExpiredTrashItem(node, policy, now)) {
      events.push({ type: 'NodePurged', data: { nodeId: node.id } });
      continue;
    }
    if (node.kind !== 'file') continue;
    const expired = node.purged ? purgedVersionIds(node) : expiredVersionIds(node, policy, now);
    if (expired.length === 0) continue;
    const versionIds = expired.slice(0, versionBudget);
    versionBudget -= versionIds.length;
    events.push({ type: 'VersionsPruned', data: { nodeId: node.id, versionIds } });
  }
  return events;
}
