import type pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';

/**
 * The TypeORM data source of the read models. Tables come from migrations only: schema
 * synchronization stays off so a deployment never changes tables behind the migration history.
 */
export function createReadModelDataSource(
  url: string,
  poolSize = 10,
  applicationName = 'scaidrive',
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName,
    extra: { max: poolSize },
  });
}

/**
 * Creates and connects a read-model data source. Every pooled connection gets a lasting error
 * listener: when PostgreSQL ends a connection that a query runner holds, pg may emit a second
 * error after TypeORM has already released the connection and removed its own listener, and an
 * error event without a listener would end the process.
 */
export async function openReadModelDataSource(
  url: string,
  poolSize = 10,
  applicationName = 'scaidrive',
): Promise<DataSource> {
  const dataSource = createReadModelDataSource(url, poolSize, applicationName);
  await dataSource.initialize();
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  pool.on('connect', (client) => client.on('error', () => undefined));
  return dataSource;
}
