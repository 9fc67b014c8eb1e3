import { randomBytes } from 'node:crypto';
import pg from 'pg';

const SESSION_WAIT_MS = 5000;

/** A database created for one section. drop() removes it and ends its connections. */
export interface TemporaryDatabase {
  readonly url: string;
  /** `server_version` of the PostgreSQL server, such as `15.20 (Debian 15.20-0+deb12u1)`. */
  readonly serverVersion: string;
  drop(): Promise<void>;
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Waits up to five seconds for the sessions on `name` to end. pg.Pool#end() (pg-pool 3.14) resolves
 * before its connections have closed, and DROP DATABASE ... WITH (FORCE) would terminate those,
 * which a pool without an error listener raises as an uncaught 'error' event.
 */
async function waitForSessionsToEnd(client: pg.Client, name: string): Promise<void> {
  for (let waited = 0; waited < SESSION_WAIT_MS; waited += 100) {
    const result = await client.query<{ sessions: string }>(
      'SELECT count(*) AS sessions FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    if (result.rows[0].sessions === '0') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Creates an empty database with a random name on the PostgreSQL server at `serverUrl`. */
export async function createTemporaryDatabase(serverUrl: string): Promise<TemporaryDatabase> {
  const name = `scaidrive_bench_${randomBytes(4).toString('hex')}`;
  const serverVersion = await onServer(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}"`);
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0].server_version;
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    serverVersion,
    drop: () =>
      onServer(serverUrl, async (client) => {
        await waitForSessionsToEnd(client, name);
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}
