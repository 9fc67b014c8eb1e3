import { type INestApplication } from '@nestjs/common';
import { mkdir, access, stat, constants } from 'node:fs/promises';
import { type AppConfig, ConfigError } from '@scaidrive/config';
import { EmbeddedPostgresServer } from '@scaidrive/database';
import { FeedNotifier } from '../sync/feed-notifier.js';
import { createApp } from './create-app.js';
import { trackForDrain } from './http-drain.js';

/**
 * How long requests that are still running may take to finish once the server stops, before
 * their connections are closed. Long-polls end at once and do not count against it.
 */
const SHUTDOWN_GRACE_MS = 3_000;

export interface RunningServer {
  readonly app: INestApplication;
  readonly url: string;
  readonly databaseUrl: string;
  stop(): Promise<void>;
}

/** Checks that the data folder is a writable directory, creating it when it does not exist. */
async function prepareDataDir(dataDir: string): Promise<void> {
  const existing = await stat(dataDir).catch(() => null);
  if (existing && !existing.isDirectory()) {
    throw new ConfigError([`SCAIDRIVE_DATA_DIR ${dataDir} exists but is not a directory`]);
  }
  try {
    await mkdir(dataDir, { recursive: true });
    await access(dataDir, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([
      `SCAIDRIVE_DATA_DIR ${dataDir} is not a writable directory (${reason})`,
    ]);
  }
}

/**
 * Starts the server: the embedded PostgreSQL when no DATABASE_URL is set, then migrations, the
 * API and the projections. stop() ends waiting long-polls with 503 and drains the HTTP server
 * within SHUTDOWN_GRACE_MS, then closes the projections and connections, then the embedded
 * PostgreSQL.
 */
export async function startServer(config: AppConfig): Promise<RunningServer> {
  await prepareDataDir(config.dataDir);
  const embedded = config.databaseUrl ? null : new EmbeddedPostgresServer(config.dataDir);
  const databaseUrl = config.databaseUrl ?? (await embedded!.start());
  try {
    const app = await createApp(config, databaseUrl);
    const http = app.getHttpServer() as import('node:http').Server;
    // Before listening, so that the first request is tracked too.
    const drainHttp = trackForDrain(http);
    await app.listen(config.port, config.host);
    // Longer than clients and load balancers keep idle connections (often 60 s), so the server is
    // never the side that closes one just as a request is sent on it.
    http.keepAliveTimeout = 65_000;
    http.headersTimeout = 66_000;
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    return {
      app,
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      databaseUrl,
      stop: async () => {
        const drained = drainHttp(SHUTDOWN_GRACE_MS);
        app.get(FeedNotifier, { strict: false }).stopWaiting();
        await drained;
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
