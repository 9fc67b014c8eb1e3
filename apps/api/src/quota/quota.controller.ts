import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { spendPeriod, tenantStreamId } from '@scaidrive/domain';
import { spendScopes } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { EventRecorder } from '../common/event-recorder.js';
import { requireRole } from '../common/require-role.js';
import { StorageQuota } from './storage-quota.js';
import { UsageCheck } from './usage-check.js';

export class UserQuotaDto {
  @ApiProperty({ nullable: true, description: 'Bytes each user may keep; null for no limit' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  userStorageBytes!: number | null;
}

/**
 * Storage use and limits of the caller's tenant. Bytes count every kept version: current ones,
 * old ones, rejected and pending conflict versions, and those in the trash, each once.
 */
@ApiTags('tenant')
@ApiBearerAuth()
@Controller('api/v1')
export class QuotaController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly quota: StorageQuota,
    private readonly recorder: EventRecorder,
    private readonly usageCheck: UsageCheck,
  ) {}

  @Get('me/usage')
  @ApiOperation({ summary: 'Bytes the caller keeps and their limit' })
  async mine(@CurrentPrincipal() principal: Principal) {
    const limits = await this.limits(principal);
    return {
      usedBytes: await this.quota.usedBytes(`user:${principal.userId}`),
      limitBytes: limits.userStorageBytes,
    };
  }

  @Get('tenant/usage')
  @ApiOperation({ summary: 'Storage use of the tenant and each user (tenant administrators)' })
  async tenant(@CurrentPrincipal() principal: Principal) {
    requireRole(principal, 'tenant-admin', 'tenant storage');
    const users: { id: string; display_name: string; bytes: string | null }[] =
      await this.dataSource.query(
        `SELECT u.id, u.display_name, s.bytes FROM users u
         LEFT JOIN storage_usage s ON s.scope = 'user:' || u.id
         WHERE u.tenant_id = $1 ORDER BY s.bytes DESC NULLS LAST, u.display_name LIMIT 10000`,
        [principal.tenantId],
      );
    const period = spendPeriod(new Date());
    const [spendScope] = spendScopes(principal.tenantId, null, period);
    return {
      usedBytes: await this.quota.usedBytes(`tenant:${principal.tenantId}`),
      ...(await this.limits(principal)),
      embedding: { period, spentTokens: await this.quota.usedBytes(spendScope!) },
      users: users.map((user) => ({
        userId: user.id,
        name: user.display_name,
        usedBytes: Number(user.bytes ?? 0),
      })),
    };
  }

  @Get('tenant/usage/check')
  @ApiOperation({
    summary: 'Reconcile usage counters with the kept versions (tenant administrators)',
  })
  async check(@CurrentPrincipal() principal: Principal) {
    requireRole(principal, 'tenant-admin', 'tenant storage');
    return this.usageCheck.run(principal.tenantId);
  }

  @Put('tenant/quota')
  @ApiOperation({ summary: 'Set the storage limit of each user (tenant administrators)' })
  async setUserQuota(@CurrentPrincipal() principal: Principal, @Body() body: UserQuotaDto) {
    requireRole(principal, 'tenant-admin', 'tenant storage');
    const data = { tenantId: principal.tenantId, userStorageBytes: body.userStorageBytes ?? null };
    await this.recorder.record(
      principal,
      principal.tenantId,
      tenantStreamId(principal.tenantId),
      [{ type: 'TenantQuotaSet', data }],
      'stream_exists',
    );
    return this.tenant(principal);
  }

  private async limits(principal: Principal) {
    const rows: {
      storage_quota: string | null;
      user_storage_quota: string | null;
      monthly_embedding_tokens: string | null;
    }[] = await this.dataSource.query(
      `SELECT storage_quota, user_storage_quota, monthly_embedding_tokens
       FROM tenants WHERE id = $1`,
      [principal.tenantId],
    );
    const toBytes = (value: string | null | undefined) => (value == null ? null : Number(value));
    return {
      limitBytes: toBytes(rows[0]?.storage_quota),
      userStorageBytes: toBytes(rows[0]?.user_storage_quota),
      monthlyEmbeddingTokens: toBytes(rows[0]?.monthly_embedding_tokens),
    };
  }
}
