import { Logger, type Provider } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { CHUNK_STORE, type ChunkStore, FileSystemChunkStore } from '@scaidrive/chunk-store';
import { APP_CONFIG, type AppConfig } from '@scaidrive/config';
import { openReadModelDataSource, withMigrationLock } from '@scaidrive/database';
import { EVENT_STORE, type EventStore, PostgresEventStore } from '@scaidrive/event-store';
import {
  createProjections,
  type Projection,
  PROJECTIONS,
  ReadModelWaiter,
} from '@scaidrive/projections';

const poolLogger = new Logger('EventStorePool');

/** Pool of the event store's connections, separate from the read models' pool. */
export const EVENT_STORE_POOL = Symbol('EVENT_STORE_POOL');
/**
 * Read-model connections of the projections, apart from the API's so that queries never wait
 * behind projection batches, and named so operators can tell them apart in pg_stat_activity.
 */
export const PROJECTION_DATA_SOURCE = Symbol('PROJECTION_DATA_SOURCE');
export const PROJECTION_APPLICATION_NAME = 'scaidrive-projections';
/** Connection string of the PostgreSQL server, embedded or external. */
export const DATABASE_URL = Symbol('DATABASE_URL');

async function createEventStore(
  config: AppConfig,
  pool: pg.Pool,
  databaseUrl: string,
): Promise<EventStore> {
  if (config.eventStore.kind === 'eventstoredb') {
    // Loaded on demand so the embedded default never loads the gRPC client.
    const { EventStoreDbEventStore } = await import('@scaidrive/event-store/eventstoredb');
    return EventStoreDbEventStore.fromConnectionString(config.eventStore.connectionString);
  }
  const store = new PostgresEventStore(pool);
  await withMigrationLock(databaseUrl, () => store.migrate());
  return store;
}

async function createChunkStore(config: AppConfig): Promise<ChunkStore> {
  if (config.chunkStore.kind === 's3') {
    // Imported on demand so the embedded default never loads the S3 client.
    const { S3ChunkStore } = await import('@scaidrive/chunk-store/s3');
    const store = new S3ChunkStore(config.chunkStore);
    await store.init();
    return store;
  }
  const store = new FileSystemChunkStore(config.chunkStore.root);
  await store.init();
  return store;
}

export function infrastructureProviders(config: AppConfig, databaseUrl: string): Provider[] {
  return [
    { provide: APP_CONFIG, useValue: config },
    { provide: DATABASE_URL, useValue: databaseUrl },
    {
      provide: EVENT_STORE_POOL,
      useFactory: () => {
        const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
        // An idle connection that the server ends (restart, failover, shutdown) is dropped from
        // the pool and replaced on next use; without a listener the error would end the process.
        pool.on('error', (error) =>
          poolLogger.warn({ msg: 'idle connection lost', err: error.message }),
        );
        return pool;
      },
    },
    {
      provide: EVENT_STORE,
      inject: [EVENT_STORE_POOL],
      useFactory: (pool: pg.Pool) => createEventStore(config, pool, databaseUrl),
    },
    {
      provide: DataSource,
      useFactory: async () => {
        const dataSource = await openReadModelDataSource(databaseUrl);
        await withMigrationLock(databaseUrl, () => dataSource.runMigrations());
        return dataSource;
      },
    },
    {
      provide: PROJECTION_DATA_SOURCE,
      inject: [DataSource],
      // Depends on the main data source, whose factory runs the migrations first.
      useFactory: async () => {
        return openReadModelDataSource(databaseUrl, 4, PROJECTION_APPLICATION_NAME);
      },
    },
    { provide: CHUNK_STORE, useFactory: () => createChunkStore(config) },
    { provide: PROJECTIONS, useFactory: () => createProjections() },
    {
      provide: ReadModelWaiter,
      inject: [PROJECTIONS, DataSource],
      useFactory: (projections: Projection[], dataSource: DataSource) =>
        new ReadModelWaiter(
          projections.map((projection) => projection.name),
          dataSource,
          config.runProjections,
        ),
    },
  ];
}
