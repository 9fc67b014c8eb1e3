import { Body, Controller, Get, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsOptional, IsObject } from 'class-validator';
import { DomainError, type Principal as AcePrincipal, SHARE_ROLES } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { NodeSecurityService } from './node-security.service.js';

export class NodeSecurityDto {
  @ApiPropertyOptional({ description: 'New owner: {kind: user|group, id}' })
  @IsOptional()
  @IsObject()
  owner?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Block inheritance from the parent and the share roles' })
  @IsOptional()
  @IsBoolean()
  protected?: boolean;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Explicit entries: {principal, type: allow|deny, rights: [LIST, READ, ...], inheritance: [OBJECT, CONTAINER, NO_PROPAGATE, INHERIT_ONLY]}',
  })
  @IsArray()
  entries!: unknown[];

  @ApiPropertyOptional({ enum: ['copy', 'drop'], description: 'When inheritance becomes blocked' })
  @IsOptional()
  @IsIn(['copy', 'drop'])
  inheritedEntries?: 'copy' | 'drop';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads `user:<id>`, `group:<id>` or `role:<name>`. */
function parseSubject(raw: string | undefined): AcePrincipal | null {
  if (raw === undefined || raw === '') return null;
  const [kind, value] = typeof raw === 'string' ? raw.split(':', 2) : [];
  if ((kind === 'user' || kind === 'group') && value && UUID.test(value))
    return { kind, id: value };
  if (kind === 'role' && SHARE_ROLES.includes(value as never)) {
    return { kind, role: value as (typeof SHARE_ROLES)[number] };
  }
  throw new DomainError(
    'INVALID_ARGUMENT',
    'principal must be user:<id>, group:<id> or role:<owner|admin|contributor|reader>',
    { principal: raw },
  );
}

@ApiTags('permissions')
@ApiBearerAuth()
@Controller('api/v1/nodes/:id')
export class NodeSecurityController {
  constructor(private readonly service: NodeSecurityService) {}

  @Get('security')
  @ApiOperation({ summary: 'Owner, explicit entries and the whole ACL with inherited entries' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    return this.service.security(principal, id);
  }

  @Put('security')
  @ApiOperation({ summary: 'Replace the owner, explicit entries and inheritance block' })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: NodeSecurityDto,
  ) {
    return this.service.change(principal, id, body);
  }

  @Get('permissions')
  @ApiOperation({ summary: 'Effective rights of a principal, with the entry that decided each' })
  @ApiQuery({ name: 'principal', required: false, example: 'user:<id>' })
  async permissions(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('principal') subject?: string,
  ) {
    return this.service.explain(principal, id, parseSubject(subject));
  }
}
