/** Types of the JSON bodies of the sync protocol (docs/sync-protocol.md). */

export type NodeKind = 'file' | 'folder';

export interface VersionDto {
  readonly id: string;
  readonly number: number;
  readonly size: number;
  readonly sha256: string;
  readonly mtime: string;
}

export interface NodeDto {
  readonly id: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly path: string;
  readonly kind: NodeKind;
  readonly version: VersionDto | null;
  readonly updatedAt: string;
}

export interface MeDto {
  readonly userId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly driveId: string;
  readonly rootFolderId: string;
}

/** A share the caller is a member of, as `GET /shares` lists it. */
export interface ShareDto {
  readonly shareId: string;
  readonly name: string;
  readonly treeId: string;
  readonly rootFolderId: string;
  readonly role: string;
}

export interface UpsertChange {
  readonly op: 'upsert';
  readonly node: NodeDto;
  readonly previousPath?: string | null;
}

export interface DeleteChange {
  readonly op: 'delete';
  readonly nodeId: string;
  readonly path: string;
  readonly kind: NodeKind;
}

/** A conflict the server recorded; the client reports it and leaves the tree to upserts. */
export interface ConflictChange {
  readonly op: 'conflict';
  readonly conflict: {
    readonly conflictId: string;
    readonly nodeId: string;
    readonly path: string;
    readonly status: 'open' | 'resolved';
    readonly strategy: string;
    readonly resolution: string | null;
    /** The file that received the incoming content when it was not the original. */
    readonly copyNodeId?: string | null;
  };
}

export type ChangeDto = UpsertChange | DeleteChange | ConflictChange;

export interface ChangesPage {
  readonly changes: readonly ChangeDto[];
  readonly cursor: string;
  readonly hasMore: boolean;
  readonly reset?: boolean;
}

export interface ChunkRef {
  readonly sha256: string;
  readonly size: number;
}

export interface VersionWithChunks extends VersionDto {
  readonly chunks: readonly (ChunkRef & { readonly offset: number })[];
}

export interface CommitContent {
  readonly size: number;
  readonly sha256: string;
  readonly mtime: string;
  readonly chunks: readonly ChunkRef[];
}

export interface CommitConflict {
  readonly conflictId: string;
  readonly status: 'open' | 'resolved';
  readonly strategy: string;
  readonly resolution: string | null;
  readonly originalNodeId: string;
  /** The file that received the incoming content when it was not the original. */
  readonly copyNodeId: string | null;
  readonly incomingVersionId: string;
}

export interface CommitResult {
  readonly node: NodeDto;
  readonly version: VersionDto;
  readonly conflict: CommitConflict | null;
}

/** A tenant's usage reconciliation: counters that differ from the versions they count. */
export interface UsageCheckDto {
  readonly consistent: boolean;
  readonly drift: readonly { scope: string; countedBytes: number; storedBytes: number }[];
  /** Kept versions no counter includes. */
  readonly uncountedVersions: number;
  /** Counted versions the read models no longer keep. */
  readonly unknownVersions: number;
}
