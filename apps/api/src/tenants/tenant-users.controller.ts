import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError, userStreamId } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { EventRecorder } from '../common/event-recorder.js';
import { requireRole } from '../common/require-role.js';

interface UserRow {
  id: string;
  display_name: string;
  issuer: string;
  subject: string;
  disabled: boolean;
  created_at: Date;
}

/**
 * The users of the caller's tenant, for tenant administrators, who disable and enable them. A
 * disabled user gets 403 on every request; their files stay where they are.
 */
@ApiTags('tenant')
@ApiBearerAuth()
@Controller('api/v1/tenant/users')
export class TenantUsersController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: EventRecorder,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Users of the tenant with their status (tenant administrators)' })
  async list(@CurrentPrincipal() principal: Principal) {
    requireRole(principal, 'tenant-admin', 'managing users');
    const rows: UserRow[] = await this.dataSource.query(
      'SELECT * FROM users WHERE tenant_id = $1 ORDER BY display_name, id LIMIT 10000',
      [principal.tenantId],
    );
    return { items: rows.map(toView) };
  }

  @Post(':userId/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable a user of the tenant (tenant administrators)' })
  async disable(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ) {
    if (userId === principal.userId) {
      throw new DomainError('FORBIDDEN', 'administrators cannot disable themselves');
    }
    return this.setDisabled(principal, userId, true);
  }

  @Post(':userId/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled user again (tenant administrators)' })
  async enable(
    @CurrentPrincipal() principal: Principal,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ) {
    return this.setDisabled(principal, userId, false);
  }

  private async setDisabled(principal: Principal, userId: string, disabled: boolean) {
    requireRole(principal, 'tenant-admin', 'managing users');
    const user = await this.userOf(principal, userId);
    if (user.disabled !== disabled) {
      const type = disabled ? 'UserDisabled' : 'UserEnabled';
      const data = { userId, tenantId: principal.tenantId };
      await this.recorder.record(
        principal,
        principal.tenantId,
        userStreamId(userId),
        [{ type, data }],
        'stream_exists',
      );
    }
    return toView(await this.userOf(principal, userId));
  }

  private async userOf(principal: Principal, userId: string): Promise<UserRow> {
    const rows: UserRow[] = await this.dataSource.query(
      'SELECT * FROM users WHERE id = $1 AND tenant_id = $2',
      [userId, principal.tenantId],
    );
    const user = rows[0];
    if (!user) throw new DomainError('NOT_FOUND', `user ${userId} not found`, { userId });
    return user;
  }
}

function toView(row: UserRow) {
  return {
    userId: row.id,
    name: row.display_name,
    issuer: row.issuer,
    subject: row.subject,
    disabled: row.disabled,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
