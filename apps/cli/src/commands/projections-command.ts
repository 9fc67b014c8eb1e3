import { type Command } from 'commander';
import pg from 'pg';
import { loadConfig } from '@scaidrive/config';
import type { DataSource } from 'typeorm';
import {
  EmbeddedPostgresServer,
  openReadModelDataSource,
  withMigrationLock,
} from '@scaidrive/database';
import { type EventStore, PostgresEventStore } from '@scaidrive/event-store';
import { createProjections, rebuildProjection } from '@scaidrive/projections';

/** Adds `scaidrive projections rebuild`, which replays the log into emptied read models. */
export function registerProjectionsCommand(program: Command): void {
  const projections = program.command('projections').description('manage read-model projections');
  projections
    .command('rebuild')
    .description(
      'empty read models and replay the whole event log into them; stop the server (or the ' +
        'workers) first. Uses DATABASE_URL, or the embedded server of SCAIDRIVE_DATA_DIR',
    )
    .argument('[name]', 'one projection (identity, drive-tree, file-versions); all when absent')
    .action((name: string | undefined) => rebuild(name));
}

async function openEventStore(
  kind: 'postgres' | 'eventstoredb',
  connection: string,
  pool: pg.Pool,
): Promise<EventStore> {
  if (kind === 'eventstoredb') {
    const { EventStoreDbEventStore } = await import('@scaidrive/event-store/eventstoredb');
    return EventStoreDbEventStore.fromConnectionString(connection);
  }
  return new PostgresEventStore(pool);
}

async function rebuild(name: string | undefined): Promise<void> {
  const config = loadConfig();
  const all = createProjections();
  const selected = name ? all.filter((projection) => projection.name === name) : all;
  if (selected.length === 0) {
    const names = all.map((projection) => projection.name).join(', ');
    throw new Error(`unknown projection ${name}; the projections are ${names}`);
  }
  const embedded = config.databaseUrl ? null : new EmbeddedPostgresServer(config.dataDir);
  const databaseUrl = config.databaseUrl ?? (await embedded!.start());
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => undefined);
  let dataSource: DataSource | null = null;
  try {
    const connection =
      config.eventStore.kind === 'eventstoredb' ? config.eventStore.connectionString : '';
    const eventStore = await openEventStore(config.eventStore.kind, connection, pool);
    const readModels = await openReadModelDataSource(databaseUrl, 2, 'scaidrive-rebuild');
    dataSource = readModels;
    await withMigrationLock(databaseUrl, () => readModels.runMigrations());
    for (const projection of selected) {
      const report = await rebuildProjection(eventStore, readModels, databaseUrl, projection);
      process.stdout.write(
        `${report.projection}: ${report.events} events in ${report.seconds.toFixed(2)} s ` +
          `(${Math.round(report.eventsPerSecond)} events/s)\n`,
      );
    }
    await eventStore.close();
  } finally {
    await dataSource?.destroy();
    await pool.end();
    await embedded?.stop();
  }
}
