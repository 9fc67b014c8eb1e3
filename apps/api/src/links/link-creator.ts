import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Principal } from '../auth/principal.js';

interface CreatorRow {
  id: string;
  tenant_id: string;
  display_name: string;
  drive_id: string;
  root_id: string;
  disabled: boolean;
  suspended: boolean;
}

/** Standing of a link's creator: inactive, or active with the principal the link acts as. */
export type CreatorStanding =
  { readonly active: true; readonly principal: Principal } | { readonly active: false };

/**
 * Resolves the user a link acts for, as they stand now. A link has no token claims, so the
 * creator's groups are the memberships on the log, and roles from the identity provider do not
 * apply through a link.
 */
@Injectable()
export class LinkCreator {
  constructor(private readonly dataSource: DataSource) {}

  async standing(userId: string, tenantId: string, linkId: string): Promise<CreatorStanding> {
    const rows: CreatorRow[] = await this.dataSource.query(
      `SELECT u.id, u.tenant_id, u.display_name, u.drive_id, t.root_id, u.disabled,
              (tn.suspended_reason IS NOT NULL) AS suspended
       FROM users u JOIN trees t ON t.id = u.drive_id
       LEFT JOIN tenants tn ON tn.id = u.tenant_id
       WHERE u.id = $1 AND u.tenant_id = $2`,
      [userId, tenantId],
    );
    const row = rows[0];
    if (!row || row.disabled || row.suspended) return { active: false };
    return {
      active: true,
      principal: {
        userId: row.id,
        tenantId: row.tenant_id,
        name: row.display_name,
        issuer: '',
        subject: '',
        driveId: row.drive_id,
        rootFolderId: row.root_id,
        groups: [],
        roles: [],
        partner: null,
        actor: { type: 'link', id: linkId },
      },
    };
  }
}
