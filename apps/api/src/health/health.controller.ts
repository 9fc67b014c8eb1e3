import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, formatPosition } from '@scaidrive/event-store';
import { ReadModelWaiter } from '@scaidrive/projections';
import { Public } from '../common/public.decorator.js';

@ApiTags('operations')
@Controller('api/v1/health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly waiter: ReadModelWaiter,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and readiness, without a token' })
  async health() {
    await this.dataSource.query('SELECT 1');
    const head = await this.eventStore.headPosition();
    const projected = this.waiter.lowestCheckpoint();
    return {
      status: 'ok',
      log: { head: head ? formatPosition(head) : null },
      projections: { position: projected ? formatPosition(projected) : null },
    };
  }
}
