import type { ApiClient } from '../api/api-client.js';
import type { MeDto, ShareDto } from '../api/api-types.js';
import { SyncSetupError } from './sync-setup-error.js';

/** The tree a local folder syncs with: the user's personal drive or one of their shares. */
export interface SyncTarget {
  readonly treeId: string;
  readonly rootFolderId: string;
  /** Null for the personal drive. */
  readonly shareName: string | null;
}

/** Resolves the personal drive, or the share named `shareName` among the user's shares. */
export async function resolveSyncTarget(
  api: ApiClient,
  me: MeDto,
  shareName: string | undefined,
): Promise<SyncTarget> {
  if (shareName === undefined) {
    return { treeId: me.driveId, rootFolderId: me.rootFolderId, shareName: null };
  }
  const share = pickShare(await api.listShares(), shareName);
  return { treeId: share.treeId, rootFolderId: share.rootFolderId, shareName: share.name };
}

/**
 * Picks the share with this name, compared in NFC, or with this share id, which distinguishes
 * shares of the same name. Throws a SyncSetupError that lists the shares when none or several
 * match.
 */
export function pickShare(shares: readonly ShareDto[], nameOrId: string): ShareDto {
  const wanted = nameOrId.normalize('NFC');
  const byId = shares.find((share) => share.shareId === wanted);
  if (byId) return byId;
  const matches = shares.filter((share) => share.name.normalize('NFC') === wanted);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new SyncSetupError(
      `${matches.length} of your shares are named "${nameOrId}": ${listShares(matches)}; ` +
        'pass the share id to --share instead',
    );
  }
  const known =
    shares.length === 0 ? 'you are a member of no share' : `your shares: ${listShares(shares)}`;
  throw new SyncSetupError(`no share named "${nameOrId}" found; ${known}`);
}

function listShares(shares: readonly ShareDto[]): string {
  return shares.map((share) => `"${share.name}" (${share.role}, id ${share.shareId})`).join(', ');
}

/** Describes a tree for messages, such as `the share "Finance" (tree <id>)`. */
export function describeTarget(shareName: string | null, treeId: string): string {
  return shareName === null ? 'your personal drive' : `the share "${shareName}" (tree ${treeId})`;
}
