import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations/index.js';

/**
 * The TypeORM data source of the read models. Tables come from migrations only: schema
 * synchronization stays off so a deployment never changes tables behind the migration history.
 */
export function createReadModelDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: poolSize },
  });
}
