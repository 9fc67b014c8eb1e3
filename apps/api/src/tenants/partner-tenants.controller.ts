import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { DomainError, tenantStreamId, validateLabel } from '@scaidrive/domain';
import { WrongExpectedVersionError } from '@scaidrive/event-store';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { EventRecorder } from '../common/event-recorder.js';
import { nameBasedId } from '../identity/deterministic-id.js';
import { PARTNER_ADMIN_ROLE } from '../identity/identity.service.js';

export class TenantNameDto {
  @ApiProperty({ example: 'acme', description: 'The tenant claim its users’ tokens carry' })
  @IsString()
  @MaxLength(255)
  name!: string;
}

export class TenantQuotaDto {
  @ApiPropertyOptional({ nullable: true, description: 'Bytes the tenant may keep; null: no limit' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  storageBytes?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Embedding tokens the tenant may spend per calendar month; null: no budget',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  monthlyEmbeddingTokens?: number | null;
}

export class SuspensionDto {
  @ApiProperty({ example: 'invoice overdue' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason!: string;
}

interface TenantRow {
  id: string;
  name: string;
  partner: string | null;
  suspended_reason: string | null;
  storage_quota: string | null;
  monthly_embedding_tokens: string | null;
  created_at: Date;
}

/**
 * Tenants of the caller's partner, for users with the partner-admin role whose token names the
 * partner. Tenants of other partners are not found (404).
 */
@ApiTags('partner')
@ApiBearerAuth()
@Controller('api/v1/partner/tenants')
export class PartnerTenantsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: EventRecorder,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Tenants of the caller’s partner' })
  async list(@CurrentPrincipal() principal: Principal) {
    const partner = requirePartnerAdmin(principal);
    const rows: TenantRow[] = await this.dataSource.query(
      'SELECT * FROM tenants WHERE partner = $1 ORDER BY name, id',
      [partner],
    );
    return { items: rows.map(toView) };
  }

  @Post()
  @ApiOperation({ summary: 'Create a tenant of the caller’s partner' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: TenantNameDto) {
    const partner = requirePartnerAdmin(principal);
    const name = validateLabel(body.name, 'tenant name');
    // The same id as a tenant first seen in a token with this tenant claim.
    const tenantId = nameBasedId(`tenant:${name}`);
    const event = { type: 'TenantProvisioned', data: { tenantId, name, partner } };
    try {
      // Events about a tenant belong to that tenant's log, with the partner administrator as actor.
      await this.recorder.record(
        principal,
        tenantId,
        tenantStreamId(tenantId),
        [event],
        'no_stream',
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      throw new DomainError('ALREADY_EXISTS', `the tenant ${name} already exists`, { name });
    }
    return this.get(principal, tenantId);
  }

  @Get(':tenantId')
  @ApiOperation({ summary: 'One tenant of the caller’s partner' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('tenantId', new ParseUUIDPipe()) tenantId: string,
  ) {
    return toView(await this.tenantOf(principal, tenantId));
  }

  @Post(':tenantId/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend a tenant: its users get 403 on every request' })
  async suspend(
    @CurrentPrincipal() principal: Principal,
    @Param('tenantId', new ParseUUIDPipe()) tenantId: string,
    @Body() body: SuspensionDto,
  ) {
    const tenant = await this.tenantOf(principal, tenantId);
    if (tenant.suspended_reason === null) {
      await this.record(principal, tenantId, 'TenantSuspended', { tenantId, reason: body.reason });
    }
    return this.get(principal, tenantId);
  }

  @Put(':tenantId/quota')
  @ApiOperation({ summary: 'Set a tenant’s storage limit and embedding budget; null lifts one' })
  async setQuota(
    @CurrentPrincipal() principal: Principal,
    @Param('tenantId', new ParseUUIDPipe()) tenantId: string,
    @Body() body: TenantQuotaDto,
  ) {
    await this.tenantOf(principal, tenantId);
    // Absent fields keep their value; only the fields of the request go into the event.
    const data = {
      tenantId,
      ...(body.storageBytes !== undefined ? { storageBytes: body.storageBytes } : {}),
      ...(body.monthlyEmbeddingTokens !== undefined
        ? { monthlyEmbeddingTokens: body.monthlyEmbeddingTokens }
        : {}),
    };
    await this.record(principal, tenantId, 'TenantQuotaSet', data);
    return this.get(principal, tenantId);
  }

  @Post(':tenantId/reinstate')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a tenant’s suspension' })
  async reinstate(
    @CurrentPrincipal() principal: Principal,
    @Param('tenantId', new ParseUUIDPipe()) tenantId: string,
  ) {
    const tenant = await this.tenantOf(principal, tenantId);
    if (tenant.suspended_reason !== null) {
      await this.record(principal, tenantId, 'TenantReinstated', { tenantId });
    }
    return this.get(principal, tenantId);
  }

  private async tenantOf(principal: Principal, tenantId: string): Promise<TenantRow> {
    const partner = requirePartnerAdmin(principal);
    const rows: TenantRow[] = await this.dataSource.query(
      'SELECT * FROM tenants WHERE id = $1 AND partner = $2',
      [tenantId, partner],
    );
    const tenant = rows[0];
    if (!tenant) throw new DomainError('NOT_FOUND', `tenant ${tenantId} not found`, { tenantId });
    return tenant;
  }

  private async record(principal: Principal, tenantId: string, type: string, data: unknown) {
    const stream = tenantStreamId(tenantId);
    await this.recorder.record(principal, tenantId, stream, [{ type, data }], 'stream_exists');
  }
}

function requirePartnerAdmin(principal: Principal): string {
  if (!principal.roles.includes(PARTNER_ADMIN_ROLE) || !principal.partner) {
    throw new DomainError(
      'FORBIDDEN',
      `managing tenants needs the ${PARTNER_ADMIN_ROLE} role and a partner claim`,
    );
  }
  return principal.partner;
}

function toView(row: TenantRow) {
  return {
    tenantId: row.id,
    name: row.name,
    partner: row.partner,
    suspended: row.suspended_reason !== null,
    suspendedReason: row.suspended_reason,
    storageQuotaBytes: row.storage_quota === null ? null : Number(row.storage_quota),
    monthlyEmbeddingTokens:
      row.monthly_embedding_tokens === null ? null : Number(row.monthly_embedding_tokens),
    createdAt: new Date(row.created_at).toISOString(),
  };
}
