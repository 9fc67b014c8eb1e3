import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from '../bench-options.js';
import type { BenchRow } from '../bench-row.js';
import { formatCount } from '../report/format-units.js';
import { createTemporaryDatabase } from '../support/temporary-database.js';
import { progress, type SectionOutput } from './section-result.js';

const SECTION = 'eventstore';
/** A URL rather than a literal specifier, so the build succeeds without the module. */
const MODULE_URL = new URL('../event-store/append-throughput.js', import.meta.url);

/** The row shape that `measureAppendThroughput` returns. */
interface AppendThroughputRow {
  readonly approach: string;
  readonly writers: number;
  readonly appends: number;
  readonly eventsPerSecond: number;
}

type MeasureAppendThroughput = (databaseUrl: string) => Promise<AppendThroughputRow[]>;

async function loadMeasurement(): Promise<MeasureAppendThroughput | null> {
  if (!existsSync(fileURLToPath(MODULE_URL))) return null;
  const module = (await import(MODULE_URL.href)) as { measureAppendThroughput?: unknown };
  if (typeof module.measureAppendThroughput !== 'function') {
    throw new Error(`${MODULE_URL.pathname} does not export a function measureAppendThroughput`);
  }
  return module.measureAppendThroughput as MeasureAppendThroughput;
}

function toBenchRow(row: AppendThroughputRow): BenchRow {
  if (typeof row.eventsPerSecond !== 'number' || typeof row.approach !== 'string') {
    throw new Error(`append throughput row has an unexpected shape: ${JSON.stringify(row)}`);
  }
  return {
    section: SECTION,
    case: `${row.approach}, ${formatCount(row.writers, 'writer')}`,
    metric: 'append throughput',
    value: row.eventsPerSecond,
    unit: 'events/s',
    details: `${formatCount(row.appends, 'append')} of one event each`,
    data: { ...row },
  };
}

/**
 * Runs the event store's append throughput measurement (bench/event-store/append-throughput.ts)
 * on a temporary database of the PostgreSQL server at TEST_DATABASE_URL, then drops it.
 */
export async function runEventStoreSection(
  options: BenchOptions,
  output: SectionOutput,
): Promise<void> {
  const measure = await loadMeasurement();
  if (measure === null) {
    output.notes.push('eventstore skipped: bench/event-store/append-throughput.ts does not exist');
    return;
  }
  const database = await createTemporaryDatabase(options.databaseUrl);
  const host = new URL(database.url).host;
  output.notes.push(`eventstore: PostgreSQL ${database.serverVersion} at ${host}`);
  progress(SECTION, `measuring append throughput in ${new URL(database.url).pathname.slice(1)}`);
  try {
    output.rows.push(...(await measure(database.url)).map(toBenchRow));
  } finally {
    await database.drop();
  }
}
