import { type DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@scaidrive/config';
import { openReadModelDataSource } from '@scaidrive/database';
import { createTestDatabase, type TestDatabase } from '../../../../../test/support/postgres.js';

/** A migrated database of its own for one integration test file. */
export interface CredentialsTestDatabase {
  readonly dataSource: DataSource;
  readonly config: AppConfig;
  close(): Promise<void>;
}

/** Creates and migrates a test database. Settings in `env` replace the configuration defaults. */
export async function openCredentialsTestDatabase(
  env: Record<string, string> = {},
): Promise<CredentialsTestDatabase> {
  const database: TestDatabase = await createTestDatabase('link_credentials');
  const dataSource = await openReadModelDataSource(database.url, 8);
  await dataSource.runMigrations();
  return {
    dataSource,
    config: loadConfig(env),
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
