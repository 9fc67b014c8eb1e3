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
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  decideGroup,
  DomainError,
  type GroupCommand,
  GroupState,
  groupStreamId,
  validateLabel,
} from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { requireRole } from '../common/require-role.js';
import { StreamCommandRunner } from './stream-command-runner.js';

export class GroupNameDto {
  @ApiProperty({ example: 'Finance' })
  @IsString()
  @MaxLength(1024)
  name!: string;
}

interface GroupRow {
  id: string;
  name: string;
  created_at: Date;
}

/** Role whose holders manage the tenant's groups. */
const GROUP_ADMIN_ROLE = 'tenant-admin';

/**
 * Groups of a tenant's users. Every user of the tenant may list them, so that groups can be made
 * members of shares. Tenant administrators create, rename and delete them and manage members.
 */
@ApiTags('groups')
@ApiBearerAuth()
@Controller('api/v1/groups')
export class GroupsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: StreamCommandRunner,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a group (tenant administrators)' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: GroupNameDto) {
    const groupId = randomUUID();
    await this.requireFreeName(principal, groupId, body.name);
    await this.decide(principal, groupId, {
      type: 'CreateGroup',
      groupId,
      tenantId: principal.tenantId,
      name: body.name,
    });
    return this.get(principal, groupId);
  }

  @Get()
  @ApiOperation({ summary: 'Groups of the caller’s tenant' })
  async list(@CurrentPrincipal() principal: Principal) {
    const rows: GroupRow[] = await this.dataSource.query(
      'SELECT * FROM groups WHERE tenant_id = $1 ORDER BY name, id',
      [principal.tenantId],
    );
    return { items: rows.map(toView) };
  }

  @Get(':groupId')
  @ApiOperation({ summary: 'One group with its members' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('groupId', new ParseUUIDPipe()) groupId: string,
  ) {
    const rows: GroupRow[] = await this.dataSource.query(
      'SELECT * FROM groups WHERE id = $1 AND tenant_id = $2',
      [groupId, principal.tenantId],
    );
    if (rows.length === 0) throw new DomainError('NOT_FOUND', `group ${groupId} not found`);
    const members: { id: string; display_name: string }[] = await this.dataSource.query(
      `SELECT u.id, u.display_name FROM group_members m JOIN users u ON u.id = m.user_id
       WHERE m.group_id = $1 ORDER BY u.display_name, u.id`,
      [groupId],
    );
    return {
      ...toView(rows[0]),
      members: members.map((member) => ({ userId: member.id, name: member.display_name })),
    };
  }

  @Patch(':groupId')
  @ApiOperation({ summary: 'Rename a group (tenant administrators)' })
  async rename(
    @CurrentPrincipal() principal: Principal,
    @Param('groupId', new ParseUUIDPipe()) groupId: string,
    @Body() body: GroupNameDto,
  ) {
    await this.requireFreeName(principal, groupId, body.name);
    await this.decide(principal, groupId, { type: 'RenameGroup', name: body.name });
    return this.get(principal, groupId);
  }

  @Delete(':groupId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a group; its share memberships end with it' })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('groupId', new ParseUUIDPipe()) groupId: string,
  ) {
    await this.decide(principal, groupId, { type: 'DeleteGroup' });
  }

  @Put(':groupId/members/:userId')
  @ApiOperation({ summary: 'Add a user of the tenant to a group (tenant administrators)' })
  async addMember(
    @CurrentPrincipal() principal: Principal,
    @Param('groupId', new ParseUUIDPipe()) groupId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ) {
    const users: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM users WHERE id = $1 AND tenant_id = $2',
      [userId, principal.tenantId],
    );
    if (users.length === 0) throw new DomainError('NOT_FOUND', `user ${userId} not found`);
    await this.decide(principal, groupId, { type: 'AddGroupMember', userId });
    return this.get(principal, groupId);
  }

  @Delete(':groupId/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a user from a group (tenant administrators)' })
  async removeMember(
    @CurrentPrincipal() principal: Principal,
    @Param('groupId', new ParseUUIDPipe()) groupId: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
  ) {
    await this.decide(principal, groupId, { type: 'RemoveGroupMember', userId });
  }

  /**
   * Rejects a name another group of the tenant has, ignoring case, because members and token
   * claims pick groups by name. Two requests racing for one name can still both succeed.
   */
  private async requireFreeName(principal: Principal, groupId: string, raw: string) {
    requireRole(principal, GROUP_ADMIN_ROLE, 'managing groups');
    const name = validateLabel(raw, 'group name');
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM groups WHERE tenant_id = $1 AND lower(name) = lower($2) AND id <> $3',
      [principal.tenantId, name, groupId],
    );
    if (rows.length > 0) {
      throw new DomainError('ALREADY_EXISTS', `a group named ${JSON.stringify(name)} exists`, {
        name,
      });
    }
  }

  private async decide(principal: Principal, groupId: string, command: GroupCommand) {
    requireRole(principal, GROUP_ADMIN_ROLE, 'managing groups');
    await this.runner.run(principal, groupStreamId(groupId), (history) => {
      const state = GroupState.from(history);
      // A group id of another tenant is not found, like any id that is not there.
      if (state.groupId && !history.some((event) => isOwnGroup(event, principal.tenantId))) {
        throw new DomainError('NOT_FOUND', 'group not found');
      }
      return decideGroup(state, command);
    });
  }
}

function isOwnGroup(event: { type: string; data: unknown }, tenantId: string): boolean {
  return (
    event.type === 'GroupCreated' && (event.data as { tenantId: string }).tenantId === tenantId
  );
}

function toView(row: GroupRow) {
  return { groupId: row.id, name: row.name, createdAt: new Date(row.created_at).toISOString() };
}
