import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  addressAllowed,
  DomainError,
  type DomainErrorCode,
  hasExpired,
  hasRights,
  type LinkAction,
  type LinkDenialReason,
  type LinkEvent,
  linkRight,
  linkState,
  linkStreamId,
  Right,
  type RightName,
} from '@scaidrive/domain';
import { EVENT_STORE, type EventStore } from '@scaidrive/event-store';
import { type NodeRow } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';
import { DriveAccess } from '../files/drive-access.js';
import { credentialStamp, LinkSessions } from './credentials/link-sessions.js';
import { type AccessRecord, LinkAccessLog, type Visit } from './link-access-log.js';
import { tokenHash } from './link-commands.js';
import { LinkCreator } from './link-creator.js';
import { LinkQueries } from './link-queries.js';
import { type LinkRow } from './link-queries.js';

/** Error code a visitor gets for each denial. Failures of the creator's standing share one code. */
const VISITOR_CODE: Partial<Record<LinkDenialReason, DomainErrorCode>> = {
  REVOKED: 'LINK_REVOKED',
  EXPIRED: 'LINK_EXPIRED',
  ADDRESS_NOT_ALLOWED: 'ADDRESS_NOT_ALLOWED',
  PASSWORD_REQUIRED: 'PASSWORD_REQUIRED',
  EMAIL_VERIFICATION_REQUIRED: 'EMAIL_VERIFICATION_REQUIRED',
  WRONG_PASSWORD: 'WRONG_PASSWORD',
  WRONG_CODE: 'WRONG_CODE',
  THROTTLED: 'THROTTLED',
  NOT_PERMITTED_BY_LINK: 'NOT_PERMITTED_BY_LINK',
  DOWNLOAD_LIMIT_REACHED: 'DOWNLOAD_LIMIT_REACHED',
  CREATOR_LACKS_RIGHTS: 'LINK_UNAVAILABLE',
  CREATOR_DISABLED: 'LINK_UNAVAILABLE',
  TARGET_GONE: 'LINK_UNAVAILABLE',
  NOT_FOUND: 'NOT_FOUND',
};

const MESSAGES: Partial<Record<LinkDenialReason, string>> = {
  REVOKED: 'the link was revoked',
  EXPIRED: 'the link has expired',
  ADDRESS_NOT_ALLOWED: 'the link does not admit your network address',
  PASSWORD_REQUIRED: 'the link needs a password; unlock it first',
  EMAIL_VERIFICATION_REQUIRED: 'the link needs a verified email address; unlock it first',
  WRONG_PASSWORD: 'the password is wrong',
  WRONG_CODE: 'the code is wrong, used or expired',
  THROTTLED: 'too many failed attempts from this address or on this link; retry later',
  NOT_PERMITTED_BY_LINK: 'the link does not permit this',
  DOWNLOAD_LIMIT_REACHED: 'the link has no downloads left',
  CREATOR_LACKS_RIGHTS: 'the link is no longer available',
  CREATOR_DISABLED: 'the link is no longer available',
  TARGET_GONE: 'the link is no longer available',
  NOT_FOUND: 'not found through this link',
};

/** Link accesses that permit each action. */
const PERMITTED: Record<LinkAction, readonly string[]> = {
  metadata: ['view', 'download', 'upload'],
  list: ['view', 'download'],
  download: ['download'],
  upload: ['upload'],
  unlock: ['view', 'download', 'upload'],
  'request-code': ['view', 'download', 'upload'],
};

/** A link a visitor got through, with the principal it acts as. */
export interface OpenLink {
  readonly row: LinkRow;
  readonly visit: Visit;
  readonly creator: Principal;
  readonly target: NodeRow;
  /** The address the visitor proved, if the link asked for one. */
  readonly email: string | null;
}

/**
 * Checks every request that comes through a link, in a fixed order: the token, revocation,
 * expiry, the client's network, the proven password or email, the creator's standing and rights,
 * and whether the link permits the action. A failed check is logged as a denied access with its
 * reason and thrown as the error the visitor gets.
 */
@Injectable()
export class LinkGate {
  private readonly logger = new Logger(LinkGate.name);

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly dataSource: DataSource,
    private readonly queries: LinkQueries,
    private readonly access: DriveAccess,
    private readonly creators: LinkCreator,
    private readonly sessions: LinkSessions,
    private readonly log: LinkAccessLog,
  ) {}

  /** Finds the link and checks revocation, expiry and the client's network. */
  async admit(visit: Visit, action: LinkAction): Promise<LinkRow> {
    const found = await this.queries.linkByTokenHash(tokenHash(visit.token));
    if (!found) {
      // No link means no tenant to log it in; the request log keeps the address.
      this.logger.warn({ msg: 'unknown link token', clientAddress: visit.clientAddress, action });
      throw new DomainError('NOT_FOUND', 'no link has this token');
    }
    const row = await this.current(found);
    if (row.revoked_at !== null) return this.deny(row, visit, action, 'REVOKED');
    const expiresAt = row.expires_at === null ? null : new Date(row.expires_at).toISOString();
    if (hasExpired(expiresAt, new Date())) return this.deny(row, visit, action, 'EXPIRED');
    if (!addressAllowed(visit.clientAddress, row.allowed_networks)) {
      return this.deny(row, visit, action, 'ADDRESS_NOT_ALLOWED');
    }
    return row;
  }

  /** Runs every check for an action on the link's target. */
  async open(visit: Visit, action: LinkAction): Promise<OpenLink> {
    const row = await this.admit(visit, action);
    const email = await this.proven(row, visit, action);
    const standing = await this.creators.standing(row.created_by, row.tenant_id, row.id);
    if (!standing.active) return this.deny(row, visit, action, 'CREATOR_DISABLED');
    const creator = standing.principal;
    const target = await this.liveNode(row.node_id);
    if (!target || target.tree_id !== row.tree_id) {
      return this.deny(row, visit, action, 'TARGET_GONE');
    }
    const right = linkRight(row.access, target.kind);
    if (!(await this.creatorHolds(creator, target, right))) {
      return this.deny(row, visit, action, 'CREATOR_LACKS_RIGHTS');
    }
    if (!PERMITTED[action].includes(row.access)) {
      return this.deny(row, visit, action, 'NOT_PERMITTED_BY_LINK');
    }
    return { row, visit, creator, target, email };
  }

  /**
   * Loads a node inside the link's target on which the creator has `right`, by default the
   * right to see it. Anything else is NOT_FOUND, so a link reveals nothing beyond what it shares.
   */
  async nodeWithin(
    open: OpenLink,
    nodeId: string | undefined,
    action: LinkAction,
    right?: RightName,
  ): Promise<NodeRow> {
    const node = nodeId === undefined ? open.target : await this.liveNode(nodeId);
    const base = open.target.path === '/' ? '/' : `${open.target.path}/`;
    const inside =
      node !== null &&
      node.tree_id === open.row.tree_id &&
      (node.id === open.target.id || node.path.startsWith(base));
    const needed = right ?? (node ? linkRight('view', node.kind) : 'READ');
    if (!inside || !(await this.creatorHolds(open.creator, node, needed))) {
      return this.deny(open.row, open.visit, action, 'NOT_FOUND', { nodeId: nodeId ?? null });
    }
    return node;
  }

  /** Records an allowed access through an open link. */
  allow(open: OpenLink, action: LinkAction, extra: { nodeId?: string; bytes?: number } = {}) {
    return this.record(open.row, open.visit, {
      action,
      reason: null,
      email: open.email,
      ...extra,
    });
  }

  record(row: LinkRow, visit: Visit, record: AccessRecord): Promise<void> {
    return this.log.record(row, visit, record);
  }

  /** Records a denied access and throws the error the visitor gets. */
  async deny(
    row: LinkRow,
    visit: Visit,
    action: LinkAction,
    reason: LinkDenialReason,
    extra: { nodeId?: string | null; email?: string | null; retryAfterSeconds?: number } = {},
  ): Promise<never> {
    await this.record(row, visit, {
      action,
      reason,
      nodeId: extra.nodeId ?? null,
      email: extra.email ?? null,
    });
    const code = VISITOR_CODE[reason] ?? 'FORBIDDEN';
    const details: Record<string, unknown> = {};
    if (extra.retryAfterSeconds !== undefined) details.retryAfterSeconds = extra.retryAfterSeconds;
    if (reason === 'PASSWORD_REQUIRED' || reason === 'EMAIL_VERIFICATION_REQUIRED') {
      details.requires = requirements(row);
    }
    throw new DomainError(code, MESSAGES[reason] ?? 'the link rejected the request', details);
  }

  /**
   * Brings a link's options up to its own stream. The read model may trail a change made through
   * another server process, and a revocation or a new password must hold from the next request on.
   */
  private async current(row: LinkRow): Promise<LinkRow> {
    const recorded = await this.eventStore.readStream(linkStreamId(row.id));
    const history = recorded.map((event) => ({ type: event.type, data: event.data }));
    const state = linkState(history as LinkEvent[]);
    const options = state.options;
    if (!options) return row;
    return {
      ...row,
      access: options.access,
      password_hash: options.passwordHash,
      allowed_networks: [...options.allowedNetworks],
      allowed_emails: [...options.allowedEmails],
      expires_at: options.expiresAt === null ? null : new Date(options.expiresAt),
      download_limit: options.downloadLimit,
      downloads: options.downloadLimit === null ? row.downloads : state.downloads,
      revoked_at: state.revoked ? (row.revoked_at ?? new Date()) : null,
    };
  }

  /** The proven email of the visitor's access token, checked when the link requires one. */
  private async proven(row: LinkRow, visit: Visit, action: LinkAction): Promise<string | null> {
    const needs = requirements(row);
    if (!needs.password && !needs.email) return null;
    const stamp = credentialStamp(row.password_hash, row.allowed_emails);
    const session = visit.accessToken
      ? await this.sessions.resolve(visit.accessToken, row.id, stamp, new Date())
      : null;
    if (session) return session.email;
    return this.deny(
      row,
      visit,
      action,
      needs.password ? 'PASSWORD_REQUIRED' : 'EMAIL_VERIFICATION_REQUIRED',
    );
  }

  private async creatorHolds(creator: Principal, node: NodeRow, right: RightName) {
    const grant = await this.access.grant(creator, node.tree_id);
    if (!grant) return false;
    return hasRights(await this.access.rightsOn(creator, grant, node), Right[right]);
  }

  private async liveNode(nodeId: string): Promise<NodeRow | null> {
    const rows: NodeRow[] = await this.dataSource.query(
      'SELECT * FROM nodes WHERE id = $1 AND NOT deleted',
      [nodeId],
    );
    return rows[0] ?? null;
  }
}

/** Returns what a visitor must prove before a link opens. */
export function requirements(row: LinkRow): { password: boolean; email: boolean } {
  return { password: row.password_hash !== null, email: row.allowed_emails.length > 0 };
}
