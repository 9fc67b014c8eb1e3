import { signDevToken } from '@scaidrive/auth';
import { loadConfig } from '@scaidrive/config';
import { type RunningServer, startServer } from '../../apps/api/src/bootstrap/start-server.js';

/** The API with its projections in this process, on a database of the machine's PostgreSQL. */
export interface InProcessServer extends RunningServer {
  token(user: string): Promise<string>;
}

export async function startInProcessServer(
  databaseUrl: string,
  dataDir: string,
): Promise<InProcessServer> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    SCAIDRIVE_DATA_DIR: dataDir,
    DEV_ISSUER_ENABLED: 'true',
    PORT: '0',
    LOG_LEVEL: 'error',
  });
  const server = await startServer(config);
  return { ...server, token: (user) => signDevToken({ dataDir, user }) };
}

/** Calls the API with a bearer token and returns the parsed JSON answer. */
export async function callApi<T = Record<string, unknown>>(
  server: { url: string },
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}
