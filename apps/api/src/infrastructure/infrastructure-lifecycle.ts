import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { EVENT_STORE, type EventStore } from '@scaidrive/event-store';
import {
  type Projection,
  ProjectionRunner,
  PROJECTIONS,
  ReadModelWaiter,
} from '@scaidrive/projections';
import { DATABASE_URL, EVENT_STORE_POOL } from './infrastructure.providers.js';

/**
 * Starts the projections after the application is up and, at shutdown, stops them before it
 * closes the event store and the connection pools, so no batch is cut off half applied.
 */
@Injectable()
export class InfrastructureLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InfrastructureLifecycle.name);
  readonly runner: ProjectionRunner;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(EVENT_STORE_POOL) private readonly pool: pg.Pool,
    @Inject(PROJECTIONS) projections: Projection[],
    private readonly dataSource: DataSource,
    waiter: ReadModelWaiter,
    @Inject(DATABASE_URL) databaseUrl: string,
  ) {
    this.runner = new ProjectionRunner(eventStore, dataSource, projections, waiter, databaseUrl);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.runProjections) await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.eventStore.close();
    await this.dataSource.destroy();
    await this.pool.end();
    this.logger.log({ msg: 'connections closed' });
  }
}
