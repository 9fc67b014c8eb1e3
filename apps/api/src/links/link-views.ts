import { isUUID } from 'class-validator';
import {
  DomainError,
  type LinkAccess,
  type LinkAction,
  type LinkDenialReason,
  type LinkTargetKind,
} from '@scaidrive/domain';

/** A row of the links table, as PostgreSQL returns it. */
export interface LinkRow {
  readonly id: string;
  readonly tenant_id: string;
  /** SHA-256 of the token in hex. */
  readonly token_hash: string;
  readonly target: LinkTargetKind;
  readonly tree_id: string;
  readonly node_id: string;
  readonly share_id: string | null;
  readonly created_by: string;
  readonly access: LinkAccess;
  readonly password_hash: string | null;
  readonly allowed_networks: string[];
  readonly allowed_emails: string[];
  readonly expires_at: Date | null;
  readonly download_limit: number | null;
  /** Downloads the link allowed, as far as the projection has counted them. */
  readonly downloads: number;
  readonly revoked_at: Date | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

/** Whether a link works now. A link that is several of these shows the first that applies. */
export type LinkStatus = 'active' | 'expired' | 'revoked' | 'exhausted';

/** A link as its managers see it, without its token or password hashes. */
export interface LinkView {
  readonly id: string;
  readonly target: LinkTargetKind;
  readonly nodeId: string;
  readonly shareId: string | null;
  readonly treeId: string;
  readonly access: LinkAccess;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly passwordProtected: boolean;
  readonly allowedNetworks: readonly string[];
  readonly allowedEmails: readonly string[];
  readonly expiresAt: string | null;
  readonly downloadLimit: number | null;
  readonly downloads: number;
  readonly revokedAt: string | null;
  readonly status: LinkStatus;
}

/** One entry of a link's access log. */
export interface LinkAccessView {
  readonly id: string;
  readonly linkId: string;
  readonly shareId: string | null;
  readonly nodeId: string | null;
  readonly action: LinkAction;
  readonly outcome: 'allowed' | 'denied';
  readonly reason: LinkDenialReason | null;
  readonly clientAddress: string;
  readonly userAgent: string | null;
  readonly email: string | null;
  readonly bytes: number | null;
  readonly occurredAt: string;
}

/** A row of the link_accesses table, as PostgreSQL returns it. */
export interface AccessRow {
  id: string;
  link_id: string;
  share_id: string | null;
  node_id: string | null;
  action: LinkAction;
  outcome: 'allowed' | 'denied';
  reason: LinkDenialReason | null;
  client_address: string;
  user_agent: string | null;
  email: string | null;
  bytes: string | null;
  occurred_at: Date;
  /** occurred_at in UTC with microseconds, so that a cursor keeps PostgreSQL's full precision. */
  occurred_key: string;
}

/** Position of the last entry on an access-log page: its time and id. */
export interface AccessKey {
  readonly occurredAt: string;
  readonly id: string;
}

/** Decides whether a link works at `now`, in the order the public endpoints check it. */
export function linkStatus(row: LinkRow, now: Date): LinkStatus {
  if (row.revoked_at) return 'revoked';
  if (row.expires_at && new Date(row.expires_at).getTime() <= now.getTime()) return 'expired';
  if (row.download_limit !== null && row.downloads >= row.download_limit) return 'exhausted';
  return 'active';
}

export function toLinkView(row: LinkRow, now: Date): LinkView {
  return {
    id: row.id,
    target: row.target,
    nodeId: row.node_id,
    shareId: row.share_id,
    treeId: row.tree_id,
    access: row.access,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    passwordProtected: row.password_hash !== null,
    allowedNetworks: row.allowed_networks,
    allowedEmails: row.allowed_emails,
    expiresAt: row.expires_at ? new Date(row.expires_at).toISOString() : null,
    downloadLimit: row.download_limit,
    downloads: row.downloads,
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
    status: linkStatus(row, now),
  };
}

export function toAccessView(row: AccessRow): LinkAccessView {
  return {
    id: row.id,
    linkId: row.link_id,
    shareId: row.share_id,
    nodeId: row.node_id,
    action: row.action,
    outcome: row.outcome,
    reason: row.reason,
    clientAddress: row.client_address,
    userAgent: row.user_agent,
    email: row.email,
    // pg returns bigint as a string, and byte counts stay far below 2^53.
    bytes: row.bytes === null ? null : Number(row.bytes),
    occurredAt: new Date(row.occurred_at).toISOString(),
  };
}

export function encodeAccessCursor(key: AccessKey): string {
  return Buffer.from(JSON.stringify([key.occurredAt, key.id]), 'utf8').toString('base64url');
}

/** Parses a cursor from encodeAccessCursor. Throws INVALID_ARGUMENT for anything else. */
export function decodeAccessCursor(cursor: string): AccessKey {
  let decoded: unknown = null;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // Not JSON: rejected below like any other malformed cursor.
  }
  if (
    Array.isArray(decoded) &&
    decoded.length === 2 &&
    typeof decoded[0] === 'string' &&
    typeof decoded[1] === 'string' &&
    !Number.isNaN(Date.parse(decoded[0])) &&
    isUUID(decoded[1])
  ) {
    return { occurredAt: decoded[0], id: decoded[1] };
  }
  throw new DomainError(
    'INVALID_ARGUMENT',
    `before must be the next cursor of an earlier page, not ${cursor}`,
    { field: 'before' },
  );
}
