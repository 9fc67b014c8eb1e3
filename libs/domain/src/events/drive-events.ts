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

export interface NodeDeleted {
  readonly nodeId: string;
}

/**
 * A commit based on a version that is no longer the head was kept as a separate file beside the
 * original, so that neither edit is lost.
 */
export interface ConflictCopyCreated {
  readonly nodeId: string;
  readonly originalNodeId: string;
  readonly baseVersionId: string | null;
  readonly headVersionId: string | null;
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
  ConflictCopyCreated: ConflictCopyCreated;
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
  'ConflictCopyCreated',
];

export function treeStreamId(treeId: string): string {
  return `tree-${treeId}`;
}
