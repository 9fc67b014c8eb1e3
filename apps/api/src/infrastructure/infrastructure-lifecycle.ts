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
import { RetentionJob } from '../retention/retention-job.js';
import {
  DATABASE_URL,
  EVENT_STORE_POOL,
  PROJECTION_DATA_SOURCE,
} from './infrastructure.providers.js';

/**
 * Starts the projections and the retention job after the application is up and, at shutdown,
 * stops the job and then the projections before it closes the event store and the connection
 * pools, so no batch is cut off half applied.
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
    @Inject(PROJECTION_DATA_SOURCE) private readonly projectionDataSource: DataSource,
    waiter: ReadModelWaiter,
    @Inject(DATABASE_URL) databaseUrl: string,
    private readonly retentionJob: RetentionJob,
  ) {
    this.runner = new ProjectionRunner(
      eventStore,
      projectionDataSource,
      projections,
      waiter,
      databaseUrl,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runProjections) return;
    await this.runner.start();
    this.retentionJob.start();
  }

  /**
   * Closes in dependency order. A step that fails (the database may already be gone when Ctrl-C
   * reached it too) is logged and the rest still run, because committed writes are safe either way.
   */
  async onApplicationShutdown(): Promise<void> {
    const steps: [string, () => Promise<unknown>][] = [
      ['retention job', () => this.retentionJob.stop()],
      ['projections', () => this.runner.stop()],
      ['event store', () => this.eventStore.close()],
      ['projection read models', () => this.projectionDataSource.destroy()],
      ['read models', () => this.dataSource.destroy()],
      ['event store pool', () => this.pool.end()],
    ];
    for (const [name, close] of steps) {
      try {
        await close();
      } catch (error) {
        this.logger.warn({ msg: 'closing failed', component: name, err: (error as Error).message });
      }
    }
    this.logger.log({ msg: 'connections closed' });
  }
}
