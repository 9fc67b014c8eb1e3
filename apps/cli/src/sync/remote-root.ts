import { normalizeName } from '@scaidrive/domain';
import { ApiError } from '../api/api-error.js';
import type { ApiClient } from '../api/api-client.js';
import type { NodeDto } from '../api/api-types.js';
import { SyncSetupError } from './sync-setup-error.js';
import type { SyncTarget } from './sync-target.js';

/**
 * Normalizes a remote folder path given on the command line to `/a/b` in NFC (`/` for the drive's
 * root). Throws on a name that the server would reject.
 */
export function normalizeRemotePath(raw: string): string {
  const names = raw.split('/').filter((name) => name !== '');
  return `/${names.map((name) => normalizeName(name)).join('/')}`;
}

/**
 * Returns the id of the remote folder at `path` in the target's tree, creating it and its parents
 * when `create`.
 */
export async function resolveRemoteRoot(
  api: ApiClient,
  target: SyncTarget,
  path: string,
  create: boolean,
): Promise<string | null> {
  if (path === '/') return target.rootFolderId;
  const existing = await api.getNodeByPath(path, target.treeId);
  if (existing) return folderIdOf(existing, path);
  if (!create) return null;
  let parentId = target.rootFolderId;
  let prefix = '';
  for (const name of path.split('/').slice(1)) {
    prefix = `${prefix}/${name}`;
    const node =
      (await api.getNodeByPath(prefix, target.treeId)) ??
      (await createFolder(api, target.treeId, parentId, name, prefix));
    parentId = folderIdOf(node, prefix);
  }
  return parentId;
}

async function createFolder(
  api: ApiClient,
  treeId: string,
  parentId: string,
  name: string,
  path: string,
): Promise<NodeDto> {
  try {
    return await api.createFolder(parentId, name);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'NAME_CONFLICT') throw error;
    const node = await api.getNodeByPath(path, treeId);
    if (!node) throw error;
    return node;
  }
}

function folderIdOf(node: NodeDto, path: string): string {
  if (node.kind !== 'folder') {
    throw new SyncSetupError(`the remote path ${path} is a file, not a folder`);
  }
  return node.id;
}
