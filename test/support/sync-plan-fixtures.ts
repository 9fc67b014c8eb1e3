import type { LocalEntry, LocalTree } from '../../apps/cli/src/local/local-entry.js';
import type { RemoteEntry, RemoteListing } from '../../apps/cli/src/remote/remote-tree.js';
import type { BaseEntry } from '../../apps/cli/src/state/sync-state.js';

/** Builders of the inputs of the sync CLI's planners, for their unit tests. */

export function localFile(size: number, mtimeMs = 1000): LocalEntry {
  return { kind: 'file', size, mtimeMs };
}

export const LOCAL_FOLDER: LocalEntry = { kind: 'folder', size: 0, mtimeMs: 1 };

export function baseFile(nodeId: string, versionId: string, size = 10, mtimeMs = 1000): BaseEntry {
  return { nodeId, kind: 'file', versionId, sha256: `sha-${versionId}`, size, mtimeMs };
}

export function baseFolder(nodeId: string): BaseEntry {
  return { nodeId, kind: 'folder' };
}

export function remoteFile(nodeId: string, versionId: string, size = 10): RemoteEntry {
  const version = {
    id: versionId,
    size,
    sha256: `sha-${versionId}`,
    mtime: '2026-01-01T00:00:00Z',
  };
  return { nodeId, kind: 'file', version };
}

export function remoteFolder(nodeId: string): RemoteEntry {
  return { nodeId, kind: 'folder', version: null };
}

export function listing(entries: Record<string, RemoteEntry>): RemoteListing {
  const byPath = new Map(Object.entries(entries));
  const pathById = new Map([...byPath].map(([path, entry]) => [entry.nodeId, path]));
  return { byPath, pathById };
}

export function baseOf(entries: Record<string, BaseEntry>): Map<string, BaseEntry> {
  return new Map(Object.entries(entries));
}

export function localOf(entries: Record<string, LocalEntry>): LocalTree {
  return new Map(Object.entries(entries));
}
