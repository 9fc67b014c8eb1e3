import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { type ConflictDecision, DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { ReadYourWrites } from '../common/read-your-writes.js';
import { ConflictQueries } from './conflict-queries.js';
import { ResolveConflictCommand } from './resolve-conflict.command.js';

const DECISIONS: readonly ConflictDecision[] = ['KEEP_HEAD', 'TAKE_INCOMING', 'KEEP_BOTH'];

export class ResolveConflictDto {
  @ApiProperty({ enum: DECISIONS, description: 'Which content to keep' })
  @IsIn(DECISIONS)
  decision!: ConflictDecision;
}

@ApiTags('conflicts')
@ApiBearerAuth()
@Controller('api/v1/conflicts')
export class ConflictsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ConflictQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Conflicts of the caller’s drives, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'resolved', 'all'] })
  async list(@CurrentPrincipal() principal: Principal, @Query('status') status = 'open') {
    if (!['open', 'resolved', 'all'].includes(status)) {
      throw new DomainError('INVALID_ARGUMENT', 'status must be open, resolved or all', { status });
    }
    return { items: await this.queries.list(principal, status as 'open' | 'resolved' | 'all') };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One conflict' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    const { treeId: _treeId, ...view } = await this.queries.get(principal, id);
    return view;
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resolve an open conflict',
    description:
      'KEEP_HEAD keeps the current version (the incoming one stays in the history as rejected), ' +
      'TAKE_INCOMING makes the incoming version the head, KEEP_BOTH adds it as a conflict copy.',
  })
  async resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ResolveConflictDto,
  ) {
    const result = await this.commands.execute(
      new ResolveConflictCommand(principal, id, body.decision),
    );
    await this.readYourWrites.wait(result.position);
    const { treeId: _treeId, ...view } = await this.queries.get(principal, id);
    return view;
  }
}
