import type { Server } from 'node:http';
import { serveTestServer, type TestServer } from './test-server.js';

/**
 * Starts the API again on the database, data folder and port of a test server that stopServer()
 * stopped, as a restarted process would: clients that know its URL reach it again. The returned
 * server's stop() drops the database and removes the data folder.
 */
export async function restartTestServer(
  stopped: TestServer,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const port = new URL(stopped.url).port;
  return serveTestServer(stopped.dataDir, stopped.databaseUrl, {
    HOST: '127.0.0.1',
    PORT: port,
    ...env,
  });
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
