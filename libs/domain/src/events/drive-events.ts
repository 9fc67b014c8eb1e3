import { type NodeSecurity } from '../acl/node-security.js';

/**
 * Events of a drive's tree stream (`tree-<treeId>`). The tree aggregate owns every node below its
 * root, so that name uniqueness within a folder and the absence of cycles are decided in one place.
 */

/** One chunk of a file version: SHA-256 in lowercase hex and the chunk's length in bytes. */
export type ChunkRef = readonly [hash: string, size: number];

export interface TreeCreated {
  readonly treeId: string;
  readonly rootId: string;
  /** The user whose personal drive this is. */
  readonly ownerId: string;
  /** Fixed when the drive is created, from the tenant's setting; absent means false. */
  readonly caseSensitive?: boolean;
}

export interface FolderCreated {
  readonly nodeId: string;
  readonly parentId: string;
  readonly name: string;
}

export interface FileAdded {
  readonly nodeId: string;
  readonly parentId: string;
  readonly name: string;
}

export interface FileVersionCommitted {
  readonly nodeId: string;
  readonly versionId: string;
  /** 1 for the first version of a file, then one more for each commit. */
  readonly versionNumber: number;
  /** Version the client edited; null for a new file. */
  readonly baseVersionId: string | null;
  readonly size: number;
  readonly sha256: string;
  /** Client-reported modification time, ISO 8601. */
  readonly mtime: string;
  readonly chunks: readonly ChunkRef[];
}

export interface NodeRenamed {
  readonly nodeId: string;
  readonly name: string;
  readonly previousName: string;
}

export interface NodeMoved {
  readonly nodeId: string;
  readonly parentId: string;
  readonly previousParentId: string;
  readonly name: string;
  readonly previousName: string;
}

/** A file or a folder with everything in it moved to the trash, from where it can be restored. */
export interface NodeDeleted {
  readonly nodeId: string;
}

/** A node came back from the trash with everything that was deleted along with it. */
export interface NodeRestored {
  readonly nodeId: string;
  readonly parentId: string;
  readonly name: string;
}

/** A node left the trash for good; its versions are no longer kept for it. */
export interface NodePurged {
  readonly nodeId: string;
}

/**
 * How long a drive keeps old versions and trash items. A non-head version is kept while it is one
 * of the newest `keepVersions` versions (the head counts as one) or stopped being the head less
 * than `keepDays` days ago. Null disables a rule, and with both null every version is kept.
 */
export interface RetentionPolicy {
  readonly keepVersions: number | null;
  readonly keepDays: number | null;
  /** Days after its deletion at which a trash item is purged. */
  readonly trashDays: number;
}

/** The drive's owner replaced its retention policy. */
export interface RetentionPolicySet {
  readonly policy: RetentionPolicy;
}

/**
 * Versions of a file left the history for good: old ones that the retention policy no longer
 * keeps, or every version of a purged file. Their chunks become collectable.
 */
export interface VersionsPruned {
  readonly nodeId: string;
  readonly versionIds: readonly string[];
}

/** How a commit based on a version that is no longer the head is settled. */
export type ConflictStrategy =
  'LAST_WRITER_WINS' | 'KEEP_BOTH' | 'MANUAL' | 'SERVER_WINS' | 'CLIENT_WINS';

export const CONFLICT_STRATEGIES: readonly ConflictStrategy[] = [
  'LAST_WRITER_WINS',
  'KEEP_BOTH',
  'MANUAL',
  'SERVER_WINS',
  'CLIENT_WINS',
];

/**
 * A node's owner, explicit access control entries or inheritance block changed. Descendants keep
 * their own entries; what they inherit follows from the new security at every check.
 */
export interface NodeSecuritySet {
  readonly nodeId: string;
  readonly security: NodeSecurity;
  /** Null while the node had the default: the tree's owner, no entries, inheriting. */
  readonly previous: NodeSecurity | null;
}

/**
 * How a conflict ended: the head stayed (the incoming content is kept as a rejected version), the
 * incoming content became the head, both were kept as two files, or a file deleted meanwhile came
 * back with the incoming content.
 */
export type ConflictResolution = 'KEPT_HEAD' | 'TOOK_INCOMING' | 'KEPT_BOTH' | 'RESTORED';

/** The content of a commit that lost a race, kept whole so that no edit is ever lost. */
export interface IncomingVersion {
  readonly versionId: string;
  readonly baseVersionId: string | null;
  readonly size: number;
  readonly sha256: string;
  readonly mtime: string;
  readonly chunks: readonly ChunkRef[];
}

/** A MANUAL conflict waits for a person: the head stays and the incoming version is held. */
export interface ConflictOpened {
  readonly conflictId: string;
  readonly nodeId: string;
  readonly headVersionId: string | null;
  readonly incoming: IncomingVersion;
}

export interface ConflictResolved {
  readonly conflictId: string;
  readonly nodeId: string;
  readonly strategy: ConflictStrategy;
  readonly resolution: ConflictResolution;
  readonly headVersionId: string | null;
  readonly incoming: IncomingVersion;
  /** The file that holds the incoming content when it did not go to nodeId. */
  readonly copyNodeId: string | null;
  /** `server` when a strategy settled it at commit time, `user` when a person resolved it. */
  readonly resolvedBy: 'server' | 'user';
}

/** Maps each drive event type to its payload, so publishers and projections share one contract. */
export interface DriveEventMap {
  TreeCreated: TreeCreated;
  FolderCreated: FolderCreated;
  FileAdded: FileAdded;
  FileVersionCommitted: FileVersionCommitted;
  NodeRenamed: NodeRenamed;
  NodeMoved: NodeMoved;
  NodeDeleted: NodeDeleted;
  NodeRestored: NodeRestored;
  NodePurged: NodePurged;
  ConflictOpened: ConflictOpened;
  ConflictResolved: ConflictResolved;
  RetentionPolicySet: RetentionPolicySet;
  VersionsPruned: VersionsPruned;
  NodeSecuritySet: NodeSecuritySet;
}

export type DriveEventType = keyof DriveEventMap;

export type DriveEvent = {
  [K in DriveEventType]: { readonly type: K; readonly data: DriveEventMap[K] };
}[DriveEventType];

export const DRIVE_EVENT_TYPES: readonly DriveEventType[] = [
  'TreeCreated',
  'FolderCreated',
  'FileAdded',
  'FileVersionCommitted',
  'NodeRenamed',
  'NodeMoved',
  'NodeDeleted',
  'NodeRestored',
  'NodePurged',
  'ConflictOpened',
  'ConflictResolved',
  'RetentionPolicySet',
  'VersionsPruned',
  'NodeSecuritySet',
];

export function treeStreamId(treeId: string): string {
  return `tree-${treeId}`;
}
