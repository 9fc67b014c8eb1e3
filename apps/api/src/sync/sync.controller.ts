import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { ChangeFeedService } from './change-feed.service.js';

const DEFAULT_LIMIT = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LIMIT = 1000;
/** Longest long-poll; proxies commonly cut idle requests after 60 seconds. */
const MAX_WAIT_SECONDS = 55;

function parseWait(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const wait = Number(raw);
  if (!/^\d+$/.test(raw) || wait > MAX_WAIT_SECONDS) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `wait must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}`,
      { wait: raw },
    );
  }
  return wait;
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_LIMIT) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `limit must be a whole number from 1 to ${MAX_LIMIT}`,
      {
        limit: raw,
      },
    );
  }
  return limit;
}

@ApiTags('sync')
@ApiBearerAuth()
@Controller('api/v1/sync')
export class SyncController {
  constructor(private readonly feed: ChangeFeedService) {}

  @Get('changes')
  @ApiOperation({ summary: 'Changes the caller may see since a cursor, in log order' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, example: DEFAULT_LIMIT })
  @ApiQuery({
    name: 'tree',
    required: false,
    description: 'Tree to follow: a share’s treeId; the caller’s personal drive when absent',
  })
  @ApiQuery({
    name: 'wait',
    required: false,
    description: `Long-poll: seconds (0 to ${MAX_WAIT_SECONDS}) to wait for a change`,
  })
  async changes(
    @CurrentPrincipal() principal: Principal,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
    @Query('wait') wait?: string,
    @Query('tree') tree?: string,
  ) {
    if (cursor !== undefined && typeof cursor !== 'string') {
      throw new DomainError('INVALID_ARGUMENT', 'give at most one cursor');
    }
    if (tree !== undefined && (typeof tree !== 'string' || !UUID.test(tree))) {
      throw new DomainError('INVALID_ARGUMENT', 'tree must be a tree id', { tree });
    }
    const waitSeconds = parseWait(wait);
    return this.feed.poll(principal, cursor || undefined, parseLimit(limit), waitSeconds, tree);
  }
}
