import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { PostgresEventStore } from '@scaidrive/event-store';
import type { EventMetadata } from '@scaidrive/domain';
import pg from 'pg';
import { createTemporaryDatabase } from './temporary-database.js';
import { Xid8SnapshotAppender, XID8_READ_SQL } from './xid8-snapshot-appender.js';

/** One measured configuration: `appends` is the total over all writers, one event each. */
export interface AppendThroughputRow {
  readonly approach: string;
  readonly writers: number;
  readonly appends: number;
  readonly eventsPerSecond: number;
}

export interface AppendThroughputOptions {
  /** Numbers of concurrent writers to measure; each writer appends to a stream of its own. */
  readonly writerCounts?: readonly number[];
  readonly appendsPerWriter?: number;
  /** Runs per configuration; the row reports the median, which damps noise from other load. */
  readonly repetitions?: number;
}

const WARM_UP_WRITERS = 2;
const WARM_UP_APPENDS = 100;

/** Appends one event at an exact expected revision, with -1 for a new stream. */
type AppendOne = (streamId: string, expected: bigint) => Promise<void>;

const metadata: EventMetadata = {
  tenantId: 'bench',
  actor: { type: 'system', id: 'append-throughput' },
  correlationId: 'bench',
  causationId: 'bench',
  occurredAt: '2026-01-01T00:00:00.000Z',
  schemaVersion: 1,
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function runWriters(
  append: AppendOne,
  writers: number,
  appendsPerWriter: number,
): Promise<number> {
  const prefix = randomUUID().slice(0, 8);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let revision = 0; revision < appendsPerWriter; revision++) {
        await append(`bench-${prefix}-${writer}`, BigInt(revision - 1));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round((writers * appendsPerWriter) / seconds);
}

function advisoryLockAppender(store: PostgresEventStore): AppendOne {
  return async (streamId, expected) => {
    const event = { id: randomUUID(), type: 'BenchEventAppended', data: { n: 1 }, metadata };
    await store.append(streamId, [event], expected < 0n ? 'no_stream' : expected);
  };
}

function xid8Appender(appender: Xid8SnapshotAppender): AppendOne {
  return async (streamId, expected) => {
    await appender.append(streamId, expected, { n: 1 });
  };
}

/** Checks that the xid8 reader query returns every appended row, so the alternative is sound. */
async function countXid8Readable(pool: pg.Pool): Promise<number> {
  const result = await pool.query(XID8_READ_SQL, ['0', '0', 1_000_000]);
  return result.rowCount ?? 0;
}

/**
 * Measures append throughput with concurrent writers for the advisory-lock store and for the
 * xid8 alternative, with and without NOTIFY, against an existing database.
 */
export async function measureAppendThroughput(
  databaseUrl: string,
  options: AppendThroughputOptions = {},
): Promise<AppendThroughputRow[]> {
  const writerCounts = options.writerCounts ?? [1, 4, 16];
  const appendsPerWriter = options.appendsPerWriter ?? 250;
  const repetitions = options.repetitions ?? 3;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: Math.max(...writerCounts) + 2 });
  pool.on('error', () => undefined);
  try {
    const store = new PostgresEventStore(pool);
    await store.migrate();
    const approaches: [string, AppendOne][] = [
      ['advisory-lock', advisoryLockAppender(store)],
      ['xid8-snapshot', xid8Appender(new Xid8SnapshotAppender(pool, true))],
      ['xid8-snapshot-without-notify', xid8Appender(new Xid8SnapshotAppender(pool, false))],
    ];
    await new Xid8SnapshotAppender(pool, true).migrate();

    const rows: AppendThroughputRow[] = [];
    for (const [approach, append] of approaches) {
      await runWriters(append, WARM_UP_WRITERS, WARM_UP_APPENDS);
      for (const writers of writerCounts) {
        const runs: number[] = [];
        for (let run = 0; run < repetitions; run++) {
          runs.push(await runWriters(append, writers, appendsPerWriter));
        }
        const eventsPerSecond = median(runs);
        rows.push({ approach, writers, appends: writers * appendsPerWriter, eventsPerSecond });
      }
    }

    const measured = writerCounts.reduce((sum, n) => sum + n * appendsPerWriter, 0) * repetitions;
    const xid8Appends = 2 * (WARM_UP_WRITERS * WARM_UP_APPENDS + measured);
    const readable = await countXid8Readable(pool);
    if (readable !== xid8Appends) {
      throw new Error(`xid8 reader returned ${readable} rows, expected ${xid8Appends}`);
    }
    return rows;
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const database = await createTemporaryDatabase(serverUrl);
  try {
    console.table(await measureAppendThroughput(database.url));
  } finally {
    await database.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
