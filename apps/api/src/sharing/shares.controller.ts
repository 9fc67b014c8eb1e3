import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  CONFLICT_STRATEGIES,
  type ConflictStrategy,
  DomainError,
  SHARE_ROLES,
  type ShareMember,
  type ShareRole,
} from '@scaidrive/domain';
import { IsOptionalNonNull } from '../common/is-optional-non-null.decorator.js';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { ShareCommands } from './share-commands.js';
import { SharingQueries } from './sharing-queries.js';

export class ShareNameDto {
  @ApiProperty({ example: 'Finance' })
  @IsString()
  @MaxLength(1024)
  name!: string;
}

export class ShareUpdateDto {
  @ApiPropertyOptional({ example: 'Finance' })
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(1024)
  name?: string;

  @ApiPropertyOptional({
    enum: CONFLICT_STRATEGIES,
    nullable: true,
    description: 'Strategy for commits that name none; null falls back to the tenant’s',
  })
  @IsOptional()
  @IsIn(CONFLICT_STRATEGIES)
  defaultConflictStrategy?: ConflictStrategy | null;
}

export class ShareRoleDto {
  @ApiProperty({ enum: SHARE_ROLES })
  @IsIn(SHARE_ROLES)
  role!: ShareRole;
}

function memberOf(kind: string, id: string): ShareMember {
  if (kind !== 'user' && kind !== 'group') {
    throw new DomainError('INVALID_ARGUMENT', 'a member is a user or a group', { kind });
  }
  return { kind, id };
}

@ApiTags('shares')
@ApiBearerAuth()
@Controller('api/v1/shares')
export class SharesController {
  constructor(
    private readonly commands: ShareCommands,
    private readonly queries: SharingQueries,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a share with a folder tree of its own; the caller owns it' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: ShareNameDto) {
    const shareId = await this.commands.create(principal, body.name);
    return this.queries.share(principal, shareId);
  }

  @Get()
  @ApiOperation({ summary: 'Shares the caller is a member of, directly or through a group' })
  async list(@CurrentPrincipal() principal: Principal) {
    return { items: await this.queries.shares(principal) };
  }

  @Get(':shareId')
  @ApiOperation({ summary: 'One share and the caller’s role in it' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
  ) {
    return this.queries.share(principal, shareId);
  }

  @Patch(':shareId')
  @ApiOperation({ summary: 'Rename a share or set its conflict strategy (owners and admins)' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @Body() body: ShareUpdateDto,
  ) {
    await this.commands.update(principal, shareId, body);
    return this.queries.share(principal, shareId);
  }

  @Delete(':shareId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a share and its tree for every member (owners)' })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
  ) {
    await this.commands.delete(principal, shareId);
  }

  @Get(':shareId/members')
  @ApiOperation({ summary: 'Members of a share and their roles' })
  async members(
    @CurrentPrincipal() principal: Principal,
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
  ) {
    return { items: await this.queries.members(principal, shareId) };
  }

  @Put(':shareId/members/:kind/:memberId')
  @ApiOperation({ summary: 'Add a user or group to a share, or change its role' })
  async setMember(
    @CurrentPrincipal() principal: Principal,
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @Param('kind') kind: string,
    @Param('memberId', new ParseUUIDPipe()) memberId: string,
    @Body() body: ShareRoleDto,
  ) {
    await this.commands.setMember(principal, shareId, memberOf(kind, memberId), body.role);
    return { items: await this.queries.members(principal, shareId) };
  }

  @Delete(':shareId/members/:kind/:memberId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member; any member may remove themselves' })
  async removeMember(
    @CurrentPrincipal() principal: Principal,
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @Param('kind') kind: string,
    @Param('memberId', new ParseUUIDPipe()) memberId: string,
  ) {
    await this.commands.removeMember(principal, shareId, memberOf(kind, memberId));
  }
}
