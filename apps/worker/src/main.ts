import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@scaidrive/config';
import { WorkerModule } from './worker.module.js';

/**
 * Runs the projections of a production deployment, where the API replicas start with
 * RUN_PROJECTIONS=false. Exactly one worker may run each projection at a time.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError([
      'DATABASE_URL is required: the worker does not start an embedded server',
    ]);
  }
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, config.databaseUrl),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : (error as Error).stack;
  process.stderr.write(`ScaiDrive worker failed to start: ${message}\n`);
  process.exit(1);
});
