/**
 * Events of external links. A link's own stream (`link-<id>`) contains its life cycle and, for links
 * with a download cap, each download it allowed, so that the cap is decided on one stream's
 * revision. Every other access goes to `link-access-<id>`, which appends without contention.
 */

/** Permission a link gives a visitor on its target. */
export type LinkAccess = 'view' | 'download' | 'upload';

export const LINK_ACCESSES: readonly LinkAccess[] = ['view', 'download', 'upload'];

/** Kind of a link's target: a file, a folder, or the root folder of a share. */
export type LinkTargetKind = 'file' | 'folder' | 'share';

/** The options a creator sets and later changes. */
export interface LinkOptions {
  readonly access: LinkAccess;
  /** Slow salted hash of the password, or null for none. */
  readonly passwordHash: string | null;
  /** CIDR blocks, IPv4 or IPv6, a visitor's address must fall in; empty allows every address. */
  readonly allowedNetworks: readonly string[];
  /** Addresses (`ann@example.com`) or domains (`@example.com`) a visitor must prove; empty for none. */
  readonly allowedEmails: readonly string[];
  /** Instant from which the link no longer works, ISO 8601 in UTC, or null. */
  readonly expiresAt: string | null;
  /** Downloads the link allows in all, or null for no cap. */
  readonly downloadLimit: number | null;
}

export interface LinkCreated extends LinkOptions {
  readonly linkId: string;
  /** SHA-256 of the link's token, in hex; the token itself is never stored. */
  readonly tokenHash: string;
  readonly target: LinkTargetKind;
  readonly treeId: string;
  readonly nodeId: string;
  /** The share whose tree contains the target, or null for a personal drive. */
  readonly shareId: string | null;
  readonly createdBy: string;
}

export interface LinkOptionsChanged extends LinkOptions {
  readonly linkId: string;
}

export interface LinkRevoked {
  readonly linkId: string;
}

/** Action a visitor requested of a link. */
export type LinkAction = 'metadata' | 'list' | 'download' | 'upload' | 'unlock' | 'request-code';

/** Reason a link denied a visitor, which the access log records with the denial. */
export type LinkDenialReason =
  | 'REVOKED'
  | 'EXPIRED'
  | 'ADDRESS_NOT_ALLOWED'
  | 'PASSWORD_REQUIRED'
  | 'WRONG_PASSWORD'
  | 'EMAIL_VERIFICATION_REQUIRED'
  | 'EMAIL_NOT_ALLOWED'
  | 'WRONG_CODE'
  | 'THROTTLED'
  | 'NOT_PERMITTED_BY_LINK'
  | 'DOWNLOAD_LIMIT_REACHED'
  | 'CREATOR_LACKS_RIGHTS'
  | 'CREATOR_DISABLED'
  | 'TARGET_GONE'
  | 'NOT_FOUND'
  | 'INVALID_UPLOAD'
  | 'RANGE_NOT_SATISFIABLE'
  | 'MAIL_UNAVAILABLE'
  | 'QUOTA_EXCEEDED';

export interface LinkAccessed {
  readonly linkId: string;
  readonly shareId: string | null;
  readonly treeId: string;
  /** The node the visitor requested, when the action names one. */
  readonly nodeId: string | null;
  readonly action: LinkAction;
  readonly outcome: 'allowed' | 'denied';
  readonly reason: LinkDenialReason | null;
  readonly clientAddress: string;
  readonly userAgent: string | null;
  /** The address the visitor proved with a one-time code, if any. */
  readonly email: string | null;
  /** Bytes sent or received, for downloads and uploads. */
  readonly bytes: number | null;
}

export interface LinkEventMap {
  LinkCreated: LinkCreated;
  LinkOptionsChanged: LinkOptionsChanged;
  LinkRevoked: LinkRevoked;
  LinkAccessed: LinkAccessed;
}

export type LinkEvent = {
  [K in keyof LinkEventMap]: { readonly type: K; readonly data: LinkEventMap[K] };
}[keyof LinkEventMap];

export const linkStreamId = (linkId: string) => `link-${linkId}`;
export const linkAccessStreamId = (linkId: string) => `link-access-${linkId}`;
