import { type NodeSecurity } from '../acl/node-security.js';

/** A committed version that is still in a file's history. */
export interface RetainedVersion {
  readonly versionId: string;
  /** When the next commit replaced it, in ms since the epoch; null while it is the head. */
  supersededAt: number | null;
}

/** A file or folder of a drive's tree, as the decider sees it. */
export interface TreeNode {
  readonly id: string;
  parentId: string | null;
  name: string;
  readonly kind: 'file' | 'folder';
  headVersionId: string | null;
  headVersionNumber: number;
  headSha256: string | null;
  headMtime: string | null;
  deleted: boolean;
  /** The node whose deletion took this one to the trash; null while live. */
  trashRoot: string | null;
  /** When the node's own deletion took it to the trash, in ms since the epoch. */
  deletedAt: number | null;
  purged: boolean;
  /** Committed versions of a file, oldest first, without the pruned ones. */
  versions: RetainedVersion[];
  /** Incoming versions of conflicts that a strategy or a person did not take. */
  rejectedVersionIds: string[];
  /** Null while the node has the default security. */
  security: NodeSecurity | null;
}

export function newNode(
  id: string,
  parentId: string | null,
  name: string,
  kind: TreeNode['kind'],
): TreeNode {
  return {
    id,
    parentId,
    name,
    kind,
    headVersionId: null,
    headVersionNumber: 0,
    headSha256: null,
    headMtime: null,
    deleted: false,
    trashRoot: null,
    deletedAt: null,
    purged: false,
    versions: [],
    rejectedVersionIds: [],
    security: null,
  };
}

/** Makes versionId the head of a file; the previous head becomes an old version at `at`. */
export function commitVersion(node: TreeNode, versionId: string, at: number): void {
  const previous = node.versions[node.versions.length - 1];
  if (previous) previous.supersededAt = at;
  node.versions.push({ versionId, supersededAt: null });
}

export function pruneVersions(node: TreeNode, versionIds: readonly string[]): void {
  const pruned = new Set(versionIds);
  node.versions = node.versions.filter((version) => !pruned.has(version.versionId));
  node.rejectedVersionIds = node.rejectedVersionIds.filter((versionId) => !pruned.has(versionId));
}
