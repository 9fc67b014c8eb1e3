import { isUUID } from 'class-validator';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, type ShareRole } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { DriveAccess } from '../files/drive-access.js';
import {
  type AccessKey,
  type AccessRow,
  decodeAccessCursor,
  encodeAccessCursor,
  type LinkAccessView,
  type LinkRow,
  type LinkView,
  toAccessView,
  toLinkView,
} from './link-views.js';

export type { LinkRow, LinkView, LinkAccessView } from './link-views.js';

export interface AccessPageRequest {
  readonly limit: number;
  /** The `next` cursor of the previous page, or absent for the newest entries. */
  readonly before?: string;
}

export interface AccessPage {
  readonly items: LinkAccessView[];
  /** Cursor of the following, older page, or null after the oldest entry. */
  readonly next: string | null;
}

export interface LinkFilter {
  readonly nodeId?: string;
  readonly shareId?: string;
}

/** Largest page of an access log, so that one response stays bounded. */
export const MAX_ACCESS_PAGE_SIZE = 1000;

const MANAGER_ROLES: readonly ShareRole[] = ['owner', 'admin'];

/**
 * Reads links and their access logs. The creator of a link, while they still reach its tree, and
 * the owners and administrators of that tree manage it. Anyone else, in any tenant, gets NOT_FOUND, so that link ids
 * reveal nothing.
 */
@Injectable()
export class LinkQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: DriveAccess,
  ) {}

  /** Returns the row of a link, hashes included, or null. The caller checks who may see it. */
  async linkRow(linkId: string): Promise<LinkRow | null> {
    if (!isUUID(linkId)) return null;
    const rows: LinkRow[] = await this.dataSource.query('SELECT * FROM links WHERE id = $1', [
      linkId,
    ]);
    return rows[0] ?? null;
  }

  /** Returns the row of the link whose token has this SHA-256, or null. */
  async linkByTokenHash(tokenHash: string): Promise<LinkRow | null> {
    const rows: LinkRow[] = await this.dataSource.query(
      'SELECT * FROM links WHERE token_hash = $1',
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Returns whether the caller created the link and reaches its tree, or manages the tree. */
  async canManage(principal: Principal, row: LinkRow): Promise<boolean> {
    if (row.tenant_id !== principal.tenantId) return false;
    // A creator who left the tree keeps no view of who visits it through their old link.
    const grant = await this.access.grant(principal, row.tree_id);
    if (grant === null) return false;
    return row.created_by === principal.userId || MANAGER_ROLES.includes(grant.role);
  }

  /** Returns a link the caller manages. Throws NOT_FOUND for any other id. */
  async link(principal: Principal, linkId: string): Promise<LinkView> {
    const row = await this.linkRow(linkId);
    if (!row || !(await this.canManage(principal, row))) {
      throw new DomainError('NOT_FOUND', `link ${linkId} not found`, { linkId });
    }
    return toLinkView(row, new Date());
  }

  /**
   * Lists the links the caller manages in their tenant, newest first.
   * NOTE: the list is not paged, so a share with many thousands of links returns them all.
   */
  async links(principal: Principal, filter: LinkFilter = {}): Promise<LinkView[]> {
    for (const field of ['nodeId', 'shareId'] as const) {
      const value = filter[field];
      if (value !== undefined && !isUUID(value)) {
        throw new DomainError('INVALID_ARGUMENT', `${field} must be a UUID, not ${value}`, {
          field,
        });
      }
    }
    const grants = await this.access.grants(principal);
    const reachedTrees = grants.map((grant) => grant.treeId);
    const managedTrees = grants
      .filter((grant) => MANAGER_ROLES.includes(grant.role))
      .map((grant) => grant.treeId);
    const rows: LinkRow[] = await this.dataSource.query(
      `SELECT * FROM links
       WHERE tenant_id = $1
         AND ((created_by = $2 AND tree_id = ANY($6::uuid[])) OR tree_id = ANY($3::uuid[]))
         AND ($4::uuid IS NULL OR node_id = $4) AND ($5::uuid IS NULL OR share_id = $5)
       ORDER BY created_at DESC, id DESC`,
      [
        principal.tenantId,
        principal.userId,
        managedTrees,
        filter.nodeId ?? null,
        filter.shareId ?? null,
        reachedTrees,
      ],
    );
    const now = new Date();
    return rows.map((row) => toLinkView(row, now));
  }

  /** Returns a page of a managed link's access log, newest first. */
  async accesses(
    principal: Principal,
    linkId: string,
    page: AccessPageRequest,
  ): Promise<AccessPage> {
    const limit = checkPageSize(page.limit);
    const before = page.before === undefined ? null : decodeAccessCursor(page.before);
    await this.link(principal, linkId);
    return this.accessPage('link_id = $1', [linkId], limit, before);
  }

  /**
   * Returns a page of the access log of every link into a share, newest first. Throws NOT_FOUND
   * when the caller is not a member of the share and FORBIDDEN when they are a member without
   * the owner or admin role.
   */
  async shareAccesses(
    principal: Principal,
    shareId: string,
    page: AccessPageRequest,
  ): Promise<AccessPage> {
    const limit = checkPageSize(page.limit);
    const before = page.before === undefined ? null : decodeAccessCursor(page.before);
    const grant = (await this.access.grants(principal)).find((g) => g.shareId === shareId);
    if (!grant) throw new DomainError('NOT_FOUND', `share ${shareId} not found`, { shareId });
    if (!MANAGER_ROLES.includes(grant.role)) {
      throw new DomainError(
        'FORBIDDEN',
        `reading the link access log of share ${shareId} needs the owner or admin role`,
        { shareId, role: grant.role },
      );
    }
    const condition = 'share_id = $1 AND tenant_id = $2';
    return this.accessPage(condition, [shareId, principal.tenantId], limit, before);
  }

  /**
   * Reads one page of access rows that match `condition`, whose parameters come first. It reads
   * one row beyond the limit to learn whether an older page follows.
   */
  private async accessPage(
    condition: string,
    parameters: readonly unknown[],
    limit: number,
    before: AccessKey | null,
  ): Promise<AccessPage> {
    const time = `$${parameters.length + 1}`;
    const id = `$${parameters.length + 2}`;
    const rows: AccessRow[] = await this.dataSource.query(
      `SELECT *,
         to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_key
       FROM link_accesses
       WHERE ${condition}
         AND (${time}::timestamptz IS NULL OR (occurred_at, id) < (${time}, ${id}::uuid))
       ORDER BY occurred_at DESC, id DESC
       LIMIT $${parameters.length + 3}`,
      [...parameters, before?.occurredAt ?? null, before?.id ?? null, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const next =
      rows.length > limit && last
        ? encodeAccessCursor({ occurredAt: last.occurred_key, id: last.id })
        : null;
    return { items: items.map(toAccessView), next };
  }
}

function checkPageSize(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ACCESS_PAGE_SIZE) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `limit must be an integer from 1 to ${MAX_ACCESS_PAGE_SIZE}, not ${limit}`,
      { field: 'limit', limit },
    );
  }
  return limit;
}
