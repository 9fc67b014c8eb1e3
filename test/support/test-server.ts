import { type INestApplication } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signDevToken } from '@scaidrive/auth';
import { loadConfig } from '@scaidrive/config';
import { startServer } from '../../apps/api/src/bootstrap/start-server.js';
import { createTestDatabase, dropTestDatabase } from './postgres.js';

export interface TestServer {
  readonly app: INestApplication;
  readonly url: string;
  readonly dataDir: string;
  readonly databaseUrl: string;
  /** Signs a development token for a user name, in tenant `default` unless given. */
  token(user: string, tenant?: string): Promise<string>;
  /** Stops the server but keeps its database and data folder. */
  stopServer(): Promise<void>;
  /** Stops the server if it runs and removes its database and data folder. */
  stop(): Promise<void>;
}

/**
 * Starts the whole API with its projections on a free loopback port, against a fresh database on
 * the machine's PostgreSQL and a fresh data folder; stop() removes both.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase('scaidrive_e2e');
  const dataDir = await mkdtemp(join(tmpdir(), 'scaidrive-e2e-'));
  return serveTestServer(dataDir, database.url, { PORT: '0', ...env });
}

/**
 * Starts the API on an existing data folder and database. The returned server's stop() drops the
 * database and removes the data folder.
 */
export async function serveTestServer(
  dataDir: string,
  databaseUrl: string,
  env: Record<string, string>,
): Promise<TestServer> {
  const config = loadConfig({
    SCAIDRIVE_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DEV_ISSUER_ENABLED: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...env,
  });
  const server = await startServer(config);
  let running = true;
  const stopServer = async () => {
    if (!running) return;
    running = false;
    await server.stop();
  };
  return {
    app: server.app,
    url: server.url,
    dataDir,
    databaseUrl,
    token: (user, tenant) => signDevToken({ dataDir, user, tenant }),
    stopServer,
    stop: async () => {
      await stopServer();
      await dropTestDatabase(new URL(databaseUrl).pathname.slice(1));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
