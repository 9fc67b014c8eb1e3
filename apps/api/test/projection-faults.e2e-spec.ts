import pg from 'pg';
import {
  HttpClient,
  runRandomWorkload,
  startTestServer,
  type TestServer,
} from '@scaidrive/testing';
import { openReadModelDataSource } from '@scaidrive/database';
import { PostgresEventStore } from '@scaidrive/event-store';
import { createProjections, rebuildProjection } from '@scaidrive/projections';
import { InfrastructureLifecycle } from '../src/infrastructure/infrastructure-lifecycle.js';

const COMMANDS = Number(process.env.PROJECTION_WORKLOAD_COMMANDS ?? 5000);

const TABLES: Record<string, string> = {
  tenants: 'id',
  users: 'id',
  trees: 'id',
  nodes: 'id',
  change_feed: 'commit_position, prepare_position, seq',
  file_versions: 'id',
  version_chunks: 'version_id, ordinal',
  projection_checkpoints: 'name',
};

async function snapshot(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables: Record<string, unknown[]> = {};
    for (const [table, order] of Object.entries(TABLES)) {
      const columns =
        table === 'projection_checkpoints' ? 'name, commit_position, prepare_position' : '*';
      tables[table] = (
        await client.query(`SELECT ${columns} FROM ${table} ORDER BY ${order}`)
      ).rows;
    }
    return tables;
  } finally {
    await client.end();
  }
}

async function waitForProjections(client: HttpClient): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const health = (await client.get('/health')).body;
    if (health.log.head !== null && health.log.head === health.projections.position) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('projections did not catch up within 60 seconds');
}

describe('projections under faults', () => {
  let server: TestServer;

  afterAll(async () => {
    await server?.stop().catch(() => undefined);
  });

  it('apply every event once through killed connections and restarts, and rebuild identically', async () => {
    // Every killed connection logs an error by design; only fatal lines would matter here.
    server = await startTestServer({ LOG_LEVEL: 'fatal' });
    const alice = new HttpClient(server.url, await server.token('alice'));
    const root = (await alice.get('/me')).body.rootFolderId;
    const admin = new pg.Client({ connectionString: server.databaseUrl });
    admin.on('error', () => undefined);
    await admin.connect();
    let killed = 0;
    let faults = true;
    const killer = (async () => {
      while (faults) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const result = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE application_name = 'scaidrive-projections' AND datname = current_database()`,
        );
        killed += result.rowCount ?? 0;
      }
    })();
    const runner = server.app.get(InfrastructureLifecycle).runner;
    const restarts = (async () => {
      for (let restart = 0; restart < 3; restart++) {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await runner.stop();
        await runner.start();
      }
    })();

    let report;
    try {
      report = await runRandomWorkload(alice, root, COMMANDS, { seed: 7 });
      await restarts;
    } finally {
      // Stopped even when the workload fails, so no fault outlives this test.
      faults = false;
      await killer;
      await admin.end();
    }
    await waitForProjections(alice);
    expect(report.commands).toBe(COMMANDS);
    expect(report.statuses[500]).toBeUndefined();
    expect(killed).toBeGreaterThan(0);

    const live = await snapshot(server.databaseUrl);
    await server.stopServer();
    const databaseUrl = server.databaseUrl;
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    // pool.end() resolves before its connections close, and dropping the database afterwards
    // ends them with an error that needs a listener.
    pool.on('error', () => undefined);
    const dataSource = await openReadModelDataSource(databaseUrl, 2);
    try {
      const eventStore = new PostgresEventStore(pool);
      for (const projection of createProjections()) {
        const rebuilt = await rebuildProjection(eventStore, dataSource, databaseUrl, projection);
        process.stdout.write(
          `rebuilt ${rebuilt.projection}: ${rebuilt.events} events, ` +
            `${Math.round(rebuilt.eventsPerSecond)} events/s\n`,
        );
      }
      const rebuilt = await snapshot(databaseUrl);
      for (const table of Object.keys(TABLES)) {
        expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: live[table] });
      }
      const commits = await pool.query(
        `SELECT count(*)::int AS n FROM es_events WHERE type = 'FileVersionCommitted'`,
      );
      expect(live.file_versions).toHaveLength(commits.rows[0].n);
    } finally {
      await dataSource.destroy().catch(() => undefined);
      await pool.end();
    }
    // Each command waits for read models that the faults keep interrupting. On a loaded 2-core
    // machine the run takes several times its usual minute and a half.
  }, 900_000);
});
