import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { comparePositions, EVENT_STORE, type EventStore } from '@scaidrive/event-store';
import { CheckpointStore, type Projection, PROJECTIONS } from '@scaidrive/projections';
import { Public } from '../common/public.decorator.js';

/**
 * Prometheus metrics. Projection lag is the age of the oldest event a projection has not applied
 * yet, so it reads 0 when the projection is caught up, whatever the write rate.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly registry = new Registry();
  private readonly lag: Gauge;
  private readonly behind: Gauge;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(PROJECTIONS) private readonly projections: Projection[],
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'scaidrive_' });
    this.lag = new Gauge({
      name: 'scaidrive_projection_lag_seconds',
      help: 'Age of the oldest event the projection has not applied; 0 when caught up',
      labelNames: ['projection'],
      registers: [this.registry],
    });
    this.behind = new Gauge({
      name: 'scaidrive_projection_behind',
      help: '1 while the projection has not applied the last event of the log, else 0',
      labelNames: ['projection'],
      registers: [this.registry],
    });
  }

  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async metrics(): Promise<string> {
    const head = await this.eventStore.headPosition();
    const checkpoints = await CheckpointStore.readAll(this.dataSource.manager);
    for (const projection of this.projections) {
      const checkpoint = checkpoints.get(projection.name) ?? null;
      const caughtUp =
        head === null || (checkpoint !== null && comparePositions(checkpoint, head) >= 0);
      let lagSeconds = 0;
      if (!caughtUp) {
        const [next] = await this.eventStore.readAll({ from: checkpoint ?? 'start', maxCount: 1 });
        if (next) lagSeconds = Math.max(0, (Date.now() - next.createdAt.getTime()) / 1000);
      }
      this.lag.set({ projection: projection.name }, lagSeconds);
      this.behind.set({ projection: projection.name }, caughtUp ? 0 : 1);
    }
    return this.registry.metrics();
  }
}
