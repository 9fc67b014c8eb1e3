import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { DataSource } from 'typeorm';
import {
  CONFLICT_STRATEGIES,
  type ConflictStrategy,
  DomainError,
  tenantStreamId,
} from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { IsOptionalNonNull } from '../common/is-optional-non-null.decorator.js';
import { EventRecorder } from '../common/event-recorder.js';
import { requireRole } from '../common/require-role.js';

export class TenantSettingsDto {
  @ApiPropertyOptional({ enum: CONFLICT_STRATEGIES })
  @IsOptionalNonNull()
  @IsIn(CONFLICT_STRATEGIES)
  defaultConflictStrategy?: ConflictStrategy;

  @ApiPropertyOptional({ description: 'Applies to drives created afterwards' })
  @IsOptionalNonNull()
  @IsBoolean()
  caseSensitiveNames?: boolean;
}

interface TenantRow {
  id: string;
  name: string;
  default_conflict_strategy: ConflictStrategy;
  case_sensitive_names: boolean;
}

@ApiTags('tenant')
@ApiBearerAuth()
@Controller('api/v1/tenant/settings')
export class TenantSettingsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: EventRecorder,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The caller’s tenant and its defaults' })
  async get(@CurrentPrincipal() principal: Principal) {
    const rows: TenantRow[] = await this.dataSource.query('SELECT * FROM tenants WHERE id = $1', [
      principal.tenantId,
    ]);
    const row = rows[0];
    if (!row) throw new DomainError('NOT_FOUND', 'tenant not found');
    return {
      tenantId: row.id,
      name: row.name,
      defaultConflictStrategy: row.default_conflict_strategy,
      caseSensitiveNames: row.case_sensitive_names,
    };
  }

  @Patch()
  @ApiOperation({ summary: 'Change the tenant’s defaults (tenant administrators)' })
  async update(@CurrentPrincipal() principal: Principal, @Body() body: TenantSettingsDto) {
    requireRole(principal, 'tenant-admin', 'changing tenant settings');
    const data = { tenantId: principal.tenantId, ...body };
    await this.recorder.record(
      principal,
      principal.tenantId,
      tenantStreamId(principal.tenantId),
      [{ type: 'TenantSettingsChanged', data }],
      'stream_exists',
    );
    return this.get(principal);
  }
}
