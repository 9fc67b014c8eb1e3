import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { openReadModelDataSource } from '@scaidrive/database';
import { PostgresEventStore } from '@scaidrive/event-store';
import { createProjections, rebuildProjection } from '@scaidrive/projections';
import type { BenchOptions } from '../bench-options.js';
import { callApi, startInProcessServer } from '../support/in-process-server.js';
import { createScratchFolder, removeScratchFolder } from '../support/scratch-folder.js';
import { createTemporaryDatabase } from '../support/temporary-database.js';
import { progress, type SectionOutput } from './section-result.js';

const SECTION = 'projections';
const LOAD_SECONDS = 20;
const CLIENTS = 16;

async function upload(server: { url: string }, token: string, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const response = await fetch(`${server.url}/api/v1/chunks/${sha256}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  if (response.status >= 300) throw new Error(`chunk upload answered ${response.status}`);
  return sha256;
}

function lagOf(metrics: string): number {
  let lag = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith('scaidrive_projection_lag_seconds{')) {
      lag = Math.max(lag, Number(line.split(' ').pop()));
    }
  }
  return lag;
}

/**
 * Projection lag while many clients add files as fast as the server takes them, read from the
 * Prometheus metric every 100 ms, and the speed of rebuilding each projection from that log.
 */
export async function runProjectionsSection(
  options: BenchOptions,
  output: SectionOutput,
): Promise<void> {
  const database = await createTemporaryDatabase(options.databaseUrl);
  const dataDir = await createScratchFolder('projections');
  const server = await startInProcessServer(database.url, dataDir);
  let stopped = false;
  try {
    const token = await server.token('bench');
    const me = await callApi<{ rootFolderId: string }>(server, token, 'GET', '/me');
    progress(SECTION, `${CLIENTS} clients adding files for ${LOAD_SECONDS} s`);
    const deadline = Date.now() + LOAD_SECONDS * 1000;
    let commits = 0;
    const lags: number[] = [];
    const sampler = (async () => {
      while (Date.now() < deadline) {
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        lags.push(lagOf(metrics));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const client = async (index: number) => {
      for (let file = 0; Date.now() < deadline; file++) {
        const bytes = randomBytes(1024);
        const sha256 = await upload(server, token, bytes);
        await callApi(server, token, 'POST', '/files', {
          parentId: me.rootFolderId,
          name: `c${index}-f${file}.bin`,
          size: bytes.length,
          sha256,
          mtime: new Date().toISOString(),
          chunks: [{ sha256, size: bytes.length }],
        });
        commits++;
      }
    };
    await Promise.all([sampler, ...Array.from({ length: CLIENTS }, (_, index) => client(index))]);
    lags.sort((a, b) => a - b);
    const details = `${commits} commits by ${CLIENTS} clients in ${LOAD_SECONDS} s`;
    output.rows.push(
      {
        section: SECTION,
        case: 'lag under load',
        metric: 'p99',
        value: lags[Math.floor(lags.length * 0.99)] * 1000,
        unit: 'ms',
        details,
      },
      {
        section: SECTION,
        case: 'lag under load',
        metric: 'max',
        value: lags[lags.length - 1] * 1000,
        unit: 'ms',
        details,
      },
      {
        section: SECTION,
        case: 'commit throughput under load',
        metric: 'commits',
        value: commits / LOAD_SECONDS,
        unit: 'commits/s',
        details: 'each commit waits until every projection has applied it',
      },
    );

    await server.stop();
    stopped = true;
    progress(SECTION, 'rebuilding every projection');
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined);
    const dataSource = await openReadModelDataSource(database.url, 2);
    try {
      const eventStore = new PostgresEventStore(pool);
      for (const projection of createProjections()) {
        const report = await rebuildProjection(eventStore, dataSource, database.url, projection);
        output.rows.push({
          section: SECTION,
          case: `rebuild ${report.projection}`,
          metric: 'speed',
          value: report.eventsPerSecond,
          unit: 'events/s',
          details: `${report.events} events in ${report.seconds.toFixed(1)} s`,
        });
      }
    } finally {
      await dataSource.destroy();
      await pool.end();
    }
  } finally {
    if (!stopped) await server.stop();
    await database.drop();
    await removeScratchFolder(dataDir, options.keepWork);
  }
}
