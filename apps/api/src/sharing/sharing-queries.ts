import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type ConflictStrategy,
  DomainError,
  type ShareMember,
  type ShareRole,
} from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { DriveAccess } from '../files/drive-access.js';

export interface ShareView {
  readonly shareId: string;
  readonly name: string;
  readonly treeId: string;
  readonly rootFolderId: string;
  /** The caller's strongest role in the share. */
  readonly role: ShareRole;
  /** Strategy for commits that name none; null when the tenant's applies. */
  readonly defaultConflictStrategy: ConflictStrategy | null;
  readonly createdAt: string;
}

export interface ShareMemberView {
  readonly member: ShareMember;
  readonly name: string | null;
  readonly role: ShareRole;
}

interface ShareRow {
  id: string;
  name: string;
  tree_id: string;
  root_id: string;
  conflict_strategy: ConflictStrategy | null;
  created_at: Date;
}

/** Reads shares and their members for callers who reach them. */
@Injectable()
export class SharingQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: DriveAccess,
  ) {}

  async shares(principal: Principal): Promise<ShareView[]> {
    const grants = (await this.access.grants(principal)).filter((grant) => grant.shareId);
    if (grants.length === 0) return [];
    const rows: ShareRow[] = await this.dataSource.query(
      'SELECT * FROM shares WHERE id = ANY($1) ORDER BY name, id',
      [grants.map((grant) => grant.shareId)],
    );
    return rows.map((row) => toView(row, grants.find((grant) => grant.shareId === row.id)!.role));
  }

  /** Returns a share the caller is a member of. Any other id, of any tenant, is not found. */
  async share(principal: Principal, shareId: string): Promise<ShareView> {
    const found = (await this.shares(principal)).find((share) => share.shareId === shareId);
    if (!found) throw new DomainError('NOT_FOUND', `share ${shareId} not found`, { shareId });
    return found;
  }

  async members(principal: Principal, shareId: string): Promise<ShareMemberView[]> {
    await this.share(principal, shareId);
    const rows: {
      member_kind: 'user' | 'group';
      member_id: string;
      role: ShareRole;
      name: string | null;
    }[] = await this.dataSource.query(
      `SELECT m.member_kind, m.member_id, m.role, coalesce(u.display_name, g.name) AS name
         FROM share_members m
         LEFT JOIN users u ON m.member_kind = 'user' AND u.id = m.member_id
         LEFT JOIN groups g ON m.member_kind = 'group' AND g.id = m.member_id
         WHERE m.share_id = $1 ORDER BY m.member_kind DESC, name, m.member_id`,
      [shareId],
    );
    return rows.map((row) => ({
      member: { kind: row.member_kind, id: row.member_id },
      name: row.name,
      role: row.role,
    }));
  }
}

function toView(row: ShareRow, role: ShareRole): ShareView {
  return {
    shareId: row.id,
    name: row.name,
    treeId: row.tree_id,
    rootFolderId: row.root_id,
    role,
    defaultConflictStrategy: row.conflict_strategy,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
