import pg from 'pg';
import type { BenchOptions } from '../bench-options.js';
import { callApi, startInProcessServer } from '../support/in-process-server.js';
import { createScratchFolder, removeScratchFolder } from '../support/scratch-folder.js';
import { createTemporaryDatabase } from '../support/temporary-database.js';
import { progress, type SectionOutput } from './section-result.js';

const SECTION = 'feed';
const WAKE_ROUNDS = 200;
const EMPTY_POLLS = 1000;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

interface Page {
  cursor: string;
  changes: unknown[];
}

/**
 * Long-poll wake-up latency, from sending a command that changes the drive to the moment a
 * waiting `GET /sync/changes?wait=30` returns it, and the cost of an empty poll: its time and the
 * PostgreSQL buffer pages it reads.
 */
export async function runFeedSection(options: BenchOptions, output: SectionOutput): Promise<void> {
  const database = await createTemporaryDatabase(options.databaseUrl);
  const dataDir = await createScratchFolder('feed');
  const server = await startInProcessServer(database.url, dataDir);
  try {
    const token = await server.token('bench');
    const me = await callApi<{ rootFolderId: string }>(server, token, 'GET', '/me');
    let cursor = (await callApi<Page>(server, token, 'GET', '/sync/changes')).cursor;

    progress(SECTION, `${WAKE_ROUNDS} long-poll wake-ups`);
    const latencies: number[] = [];
    for (let round = 0; round < WAKE_ROUNDS; round++) {
      const poll = callApi<Page>(server, token, 'GET', `/sync/changes?cursor=${cursor}&wait=30`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const sent = performance.now();
      await Promise.all([
        callApi(server, token, 'POST', '/folders', {
          parentId: me.rootFolderId,
          name: `w${round}`,
        }),
        poll.then((page) => {
          latencies.push(performance.now() - sent);
          cursor = page.cursor;
        }),
      ]);
    }
    latencies.sort((a, b) => a - b);
    for (const [metric, fraction] of [
      ['p50', 0.5],
      ['p99', 0.99],
    ] as const) {
      output.rows.push({
        section: SECTION,
        case: `change to long-poll delivery, ${WAKE_ROUNDS} rounds`,
        metric,
        value: percentile(latencies, fraction),
        unit: 'ms',
        details: 'from sending POST /folders to the waiting poll returning the change',
      });
    }

    progress(SECTION, `${EMPTY_POLLS} empty polls`);
    const stats = new pg.Client({ connectionString: database.url });
    await stats.connect();
    const read = async () =>
      (
        await stats.query<{ hit: string; read: string; xact: string }>(
          `SELECT blks_hit AS hit, blks_read AS read, xact_commit AS xact
           FROM pg_stat_database WHERE datname = current_database()`,
        )
      ).rows[0];
    const before = await read();
    const started = performance.now();
    for (let poll = 0; poll < EMPTY_POLLS; poll++) {
      await callApi<Page>(server, token, 'GET', `/sync/changes?cursor=${cursor}`);
    }
    const elapsed = performance.now() - started;
    // Statistics reach pg_stat_database when a backend reports them, about once a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await read();
    await stats.end();
    const pages = Number(after.hit) + Number(after.read) - Number(before.hit) - Number(before.read);
    output.rows.push(
      {
        section: SECTION,
        case: `empty poll, ${EMPTY_POLLS} in a row`,
        metric: 'time',
        value: elapsed / EMPTY_POLLS,
        unit: 'ms',
        details: 'whole request, including token check',
      },
      {
        section: SECTION,
        case: `empty poll, ${EMPTY_POLLS} in a row`,
        metric: 'buffer pages read',
        value: pages / EMPTY_POLLS,
        unit: 'pages',
        details: `${((Number(after.xact) - Number(before.xact)) / EMPTY_POLLS).toFixed(1)} transactions a poll`,
      },
    );
  } finally {
    await server.stop();
    await database.drop();
    await removeScratchFolder(dataDir, options.keepWork);
  }
}
