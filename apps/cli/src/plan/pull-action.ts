import type { NodeKind } from '../api/api-types.js';
import type { LocalEntry } from '../local/local-entry.js';
import type { RemoteEntry } from '../remote/remote-tree.js';

/**
 * One step that brings remote changes to the local folder. Paths are relative to the synced
 * folder. `expected` is the local file as scanned: the step is skipped when it changed since.
 */
export type PullAction =
  /** Renames or moves a local file or folder to follow a remote rename or move. */
  | { readonly type: 'move'; readonly from: string; readonly to: string; readonly kind: NodeKind }
  /** Renames a local item to a conflict copy name so that a remote one of the other kind fits. */
  | { readonly type: 'moveAside'; readonly path: string }
  | { readonly type: 'createFolder'; readonly path: string; readonly remote: RemoteEntry }
  /** Records a local folder that matches a remote one. */
  | { readonly type: 'adoptFolder'; readonly path: string; readonly remote: RemoteEntry }
  | {
      readonly type: 'download';
      readonly path: string;
      readonly remote: RemoteEntry;
      readonly expected: LocalEntry | null;
      /** A local file whose chunks the download reuses: the old copy, or one with equal content. */
      readonly reuseFrom: string | null;
    }
  /**
   * Compares a local file that changed with the remote version: equal content is recorded,
   * otherwise the local file becomes a conflict copy and the remote version is downloaded.
   */
  | {
      readonly type: 'resolve';
      readonly path: string;
      readonly remote: RemoteEntry;
      readonly expected: LocalEntry;
    }
  | { readonly type: 'deleteFile'; readonly path: string; readonly expected: LocalEntry }
  /** Removes a local folder if it is empty by then; a folder that is not stays as a new one. */
  | { readonly type: 'deleteFolder'; readonly path: string }
  /** Drops the base entry, so that a local item that survives a remote delete is uploaded anew. */
  | { readonly type: 'forget'; readonly path: string };
