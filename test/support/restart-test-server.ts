import { rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import pg from 'pg';
import { signDevToken } from '@scaidrive/auth';
import { loadConfig } from '@scaidrive/config';
import { startServer } from '../../apps/api/src/bootstrap/start-server.js';
import { TEST_SERVER_URL } from './postgres.js';
import type { TestServer } from './test-server.js';

/**
 * Starts the API again on the database, data folder and port of a test server that stopServer()
 * stopped, as a restarted process would: clients that know its URL reach it again. The returned
 * server's stop() drops the database and removes the data folder.
 */
export async function restartTestServer(
  stopped: TestServer,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const { dataDir, databaseUrl } = stopped;
  const config = loadConfig({
    SCAIDRIVE_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DEV_ISSUER_ENABLED: 'true',
    HOST: '127.0.0.1',
    PORT: new URL(stopped.url).port,
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
      await dropDatabase(new URL(databaseUrl).pathname.slice(1));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Interval in ms at which killTestServer() cuts connections until the server has stopped. */
const CUT_INTERVAL_MS = 50;

/**
 * Stops a test server the way a crash looks to its clients: every open connection, including
 * long-polls and requests in flight, is cut at once and again until stopServer() returns.
 * Without it, stopServer() waits for clients that keep long-polling. Database and data stay.
 */
export async function killTestServer(server: TestServer): Promise<void> {
  const http = server.app.getHttpServer() as Server;
  http.closeAllConnections();
  const cutter = setInterval(() => http.closeAllConnections(), CUT_INTERVAL_MS);
  try {
    await server.stopServer();
  } finally {
    clearInterval(cutter);
  }
}

async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
