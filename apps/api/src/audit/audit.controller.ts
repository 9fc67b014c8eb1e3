import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '@scaidrive/domain';
import { parsePosition } from '@scaidrive/event-store';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { AuditLogService } from './audit-log.service.js';
import { requireAuditor } from './audit-roles.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditLogService) {}

  @Get('events')
  @ApiOperation({
    summary: 'The tenant’s events as NDJSON, for tenant administrators and auditors',
    description:
      'One JSON object a line: position, time, type, stream, revision, actor, correlation and ' +
      'causation ids, and payload. Pass the last position seen as `from` to continue.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiQuery({ name: 'from', required: false, description: 'Exclusive start position' })
  async events(
    @CurrentPrincipal() principal: Principal,
    @Res() response: Response,
    @Query('from') from?: string,
  ): Promise<void> {
    requireAuditor(principal);
    const start = from ? parsePosition(from) : 'start';
    if (!start) {
      throw new DomainError('INVALID_ARGUMENT', 'from must be a position such as 42/42', { from });
    }
    response.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    for await (const record of this.audit.events(principal.tenantId, start)) {
      if (!response.write(`${JSON.stringify(record)}\n`)) {
        await new Promise((resolve) => response.once('drain', resolve));
      }
    }
    response.end();
  }
}
