import type { NodeKind } from '../api/api-types.js';

/** Version of the state file's layout; a different one is rejected rather than misread. */
export const STATE_FORMAT = 1;

/** The client's record of a path after it last synced it: the base of a three-way merge. */
export interface BaseEntry {
  readonly nodeId: string;
  readonly kind: NodeKind;
  readonly versionId?: string;
  readonly sha256?: string;
  readonly size?: number;
  /** Local modification time in ms after the last download or upload, as `stat` reports it. */
  readonly mtimeMs?: number;
}

/** Version of a remote file as the change feed reported it. */
export interface RemoteVersion {
  readonly id: string;
  readonly size: number;
  readonly sha256: string;
  readonly mtime: string;
}

/** A remote node as of the stored cursor. Paths follow from the parent links. */
export interface RemoteNode {
  readonly parentId: string | null;
  readonly name: string;
  readonly kind: NodeKind;
  readonly version: RemoteVersion | null;
}

/** Everything the client keeps between runs in LOCAL_DIR/.scaidrive/state.json. */
export interface SyncState {
  readonly format: number;
  readonly apiUrl: string;
  readonly userId: string;
  /**
   * Tree synced: the personal drive's or a share's. Null in state files written before the tree
   * was recorded, which all synced the personal drive.
   */
  treeId: string | null;
  /** Name of the synced share as of the last pass, or null for the personal drive. */
  shareName: string | null;
  readonly remoteRootPath: string;
  remoteRootId: string;
  cursor: string | null;
  /** Remote nodes below the remote root (and the root itself) by node id. */
  readonly remote: Map<string, RemoteNode>;
  /** Base entries by path relative to the local folder, with `/` separators, in NFC. */
  readonly base: Map<string, BaseEntry>;
}
