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

const STATUSES = ['open', 'resolved', 'all'] as const;

/** Reads the status filter; an absent one means open. Express parses a repeated one as a list. */
function parseStatus(raw: unknown): (typeof STATUSES)[number] {
  if (raw === undefined) return 'open';
  if (typeof raw !== 'string') {
    throw new DomainError('INVALID_ARGUMENT', 'give status at most once', { status: raw });
  }
  const status = STATUSES.find((known) => known === raw);
  if (!status) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `status ${JSON.stringify(raw)} is invalid; use open, resolved or all`,
      { status: raw },
    );
  }
  return status;
}

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
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  async list(@CurrentPrincipal() principal: Principal, @Query('status') status?: unknown) {
    return { items: await this.queries.list(principal, parseStatus(status)) };
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
