import type { NodeKind } from '../api/api-types.js';

/** A file or folder found on disk, by the metadata that decides whether it changed. */
export interface LocalEntry {
  readonly kind: NodeKind;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Local files and folders by path relative to the synced folder, in NFC. */
export type LocalTree = Map<string, LocalEntry>;
