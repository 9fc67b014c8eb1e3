import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { requireRole } from '../common/require-role.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

interface OutboxRow {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  created_at: Date;
}

function parseLimit(raw: unknown): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || limit < 1 || limit > MAX_LIMIT) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `limit must be a whole number from 1 to ${MAX_LIMIT}`,
      { limit: raw },
    );
  }
  return limit;
}

/**
 * Mail the server kept in the outbox instead of sending it, because SMTP_URL is not set. Tenant
 * administrators read it here to pass one-time codes on by hand.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/outbox')
export class OutboxController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    summary: "Mail kept for the caller's tenant, newest first (tenant administrators)",
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `Messages to return, 1 to ${MAX_LIMIT}`,
  })
  async list(@CurrentPrincipal() principal: Principal, @Query('limit') limit?: string) {
    requireRole(principal, 'tenant-admin', 'reading the mail outbox');
    const rows: OutboxRow[] = await this.dataSource.query(
      `SELECT id, recipient, subject, body, created_at FROM mail_outbox
        WHERE tenant_id = $1
        ORDER BY created_at DESC, id DESC
        LIMIT $2`,
      [principal.tenantId, parseLimit(limit)],
    );
    return { items: rows.map(toView) };
  }
}

function toView(row: OutboxRow) {
  return {
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    text: row.body,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
