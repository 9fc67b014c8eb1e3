import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Server the integration and end-to-end tiers use: the machine's PostgreSQL unless
 * TEST_DATABASE_URL names another. Each test file gets a database of its own.
 */
export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onAdminConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a unique name; drop() removes it and ends its connections. */
export async function createTestDatabase(prefix = 'scaidrive'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await onAdminConnection((client) => client.query(`CREATE DATABASE "${name}"`));
  return { url: withDatabase(TEST_SERVER_URL, name), name, drop: () => dropTestDatabase(name) };
}

/** Drops a test database, ending the connections that still use it. */
export async function dropTestDatabase(name: string): Promise<void> {
  await onAdminConnection((client) =>
    client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
}
