import { type NodeSecurity } from '../acl/node-security.js';
import {
  type ChunkRef,
  type ConflictStrategy,
  type RetentionPolicy,
} from '../events/drive-events.js';

export interface CreateTree {
  readonly type: 'CreateTree';
  readonly treeId: string;
  readonly rootId: string;
  readonly ownerId: string;
  readonly caseSensitive: boolean;
}

export interface CreateFolder {
  readonly type: 'CreateFolder';
  readonly nodeId: string;
  readonly parentId: string;
  readonly name: string;
}

/** Commits a version of a new file (nodeId absent) or of an existing one. */
export interface CommitFileVersion {
  readonly type: 'CommitFileVersion';
  /** Existing file; absent to add a file named `name` in `parentId`. */
  readonly nodeId?: string;
  readonly parentId?: string;
  readonly name?: string;
  readonly baseVersionId: string | null;
  readonly size: number;
  readonly sha256: string;
  readonly mtime: string;
  readonly chunks: readonly ChunkRef[];
  /** How to settle a commit whose base is no longer the head. */
  readonly strategy: ConflictStrategy;
}

/** What a person decided for a MANUAL conflict. */
export type ConflictDecision = 'KEEP_HEAD' | 'TAKE_INCOMING' | 'KEEP_BOTH';

export interface ResolveConflict {
  readonly type: 'ResolveConflict';
  readonly conflictId: string;
  readonly decision: ConflictDecision;
}

export interface RenameNode {
  readonly type: 'RenameNode';
  readonly nodeId: string;
  readonly name: string;
}

export interface MoveNode {
  readonly type: 'MoveNode';
  readonly nodeId: string;
  readonly parentId: string;
  /** New name in the target folder; the current name when absent. */
  readonly name?: string;
}

/** Brings a node back from the trash to where it was, recreating folders deleted since. */
export interface RestoreNode {
  readonly type: 'RestoreNode';
  readonly nodeId: string;
}

/** Removes a node from the trash for good. */
export interface PurgeNode {
  readonly type: 'PurgeNode';
  readonly nodeId: string;
}

export interface DeleteNode {
  readonly type: 'DeleteNode';
  readonly nodeId: string;
}

/** Replaces the drive's retention policy. */
export interface SetRetentionPolicy {
  readonly type: 'SetRetentionPolicy';
  readonly policy: RetentionPolicy;
}

/**
 * Prunes the versions and purges the trash items that the retention policy no longer keeps, as
 * of `now`. One decision is bounded in size, so callers repeat it until it returns no events.
 */
export interface ApplyRetention {
  readonly type: 'ApplyRetention';
  readonly now: Date;
}

/** Replaces a node's security; a folder's change reaches its descendants through inheritance. */
export interface SetNodeSecurity {
  readonly type: 'SetNodeSecurity';
  readonly nodeId: string;
  readonly security: NodeSecurity;
}

export type TreeCommand =
  | CreateTree
  | CreateFolder
  | CommitFileVersion
  | RenameNode
  | MoveNode
  | DeleteNode
  | RestoreNode
  | PurgeNode
  | ResolveConflict
  | SetRetentionPolicy
  | ApplyRetention
  | SetNodeSecurity;

/** What a decision needs from outside: the clock, new ids and the acting person's name. */
export interface DecisionContext {
  readonly now: Date;
  readonly newId: () => string;
  readonly actorName: string;
}
