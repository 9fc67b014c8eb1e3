import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import {
  comparePositions,
  EVENT_STORE,
  type EventStore,
  formatPosition,
} from '@scaidrive/event-store';
import { ReadModelWaiter } from '@scaidrive/projections';
import { Public } from '../common/public.decorator.js';
import { InfrastructureLifecycle } from '../infrastructure/infrastructure-lifecycle.js';

@ApiTags('operations')
@Controller('api/v1/health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly waiter: ReadModelWaiter,
    private readonly lifecycle: InfrastructureLifecycle,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Liveness and readiness, without a token',
    description:
      'status is degraded while a projection keeps failing behind the head of the log, so read ' +
      'models no longer follow writes; projections.failing names it.',
  })
  async health() {
    await this.dataSource.query('SELECT 1');
    const head = await this.eventStore.headPosition();
    const projected = this.waiter.lowestCheckpoint();
    const failing = this.lifecycle.runner.failing();
    // Only a failure that keeps the read models behind the log is worth an alarm. One the
    // projection recovered from, or that left nothing unapplied, is not.
    const behind = head !== null && (projected === null || comparePositions(projected, head) < 0);
    return {
      status: failing.length > 0 && behind ? 'degraded' : 'ok',
      log: { head: head ? formatPosition(head) : null },
      projections: { position: projected ? formatPosition(projected) : null, failing },
    };
  }
}
