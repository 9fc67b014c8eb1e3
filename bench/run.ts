import {
  readBenchOptions,
  USAGE,
  UsageError,
  type BenchOptions,
  type SectionName,
} from './bench-options.js';
import type { BenchRow } from './bench-row.js';
import { formatTable } from './report/format-table.js';
import { describeMachine, readMachineInfo, type MachineInfo } from './report/machine-info.js';
import { writeResults } from './report/write-results.js';
import { runDeltaSection } from './sections/delta-section.js';
import { runEventStoreSection } from './sections/event-store-section.js';
import { runFeedSection } from './sections/feed-section.js';
import { runProjectionsSection } from './sections/projections-section.js';
import type { SectionOutput } from './sections/section-result.js';
import { runUploadSection } from './sections/upload-section.js';
import { resultsFile } from './support/bench-paths.js';
import { ServerProcess } from './support/server-process.js';

type Section = (options: BenchOptions, output: SectionOutput) => Promise<void>;

const SECTIONS: Record<SectionName, Section> = {
  delta: runDeltaSection,
  upload: runUploadSection,
  eventstore: runEventStoreSection,
  feed: runFeedSection,
  projections: runProjectionsSection,
};

/** Everything measured so far in this run. */
interface RunState {
  readonly command: string;
  readonly startedAt: string;
  readonly machine: MachineInfo;
  readonly rows: BenchRow[];
  readonly notes: string[];
  readonly sectionMs: Record<string, number>;
  failed: boolean;
}

function formatReport(state: RunState, table: string): string {
  const timings = Object.entries(state.sectionMs).map(
    ([name, ms]) => `${name} ${(ms / 1000).toFixed(0)} s`,
  );
  const footer = [...state.notes.map((note) => `note: ${note}`), `time: ${timings.join(', ')}`];
  return `\nmachine: ${describeMachine(state.machine)}\n\n${table}\n\n${footer.join('\n')}\n`;
}

/** Writes results.json with the rows so far, and with `print` also the report on stdout. */
function saveResults(state: RunState, print: boolean): void {
  const table = formatTable(state.rows);
  if (print) process.stdout.write(formatReport(state, table));
  writeResults(resultsFile, {
    command: state.command,
    startedAt: state.startedAt,
    finishedAt: new Date().toISOString(),
    machine: state.machine,
    sectionMs: state.sectionMs,
    rows: state.rows,
    notes: state.notes,
    table,
  });
  if (print) process.stdout.write(`results: ${resultsFile}\n`);
}

/** Runs each section in turn. A section that throws gets a note, and the others still run. */
async function runSections(options: BenchOptions, state: RunState): Promise<void> {
  for (const name of options.sections) {
    const started = performance.now();
    try {
      await SECTIONS[name](options, state);
    } catch (error) {
      state.failed = true;
      const message = error instanceof Error ? error.message : String(error);
      state.notes.push(`${name} failed: ${message}`);
      process.stderr.write(`[${name}] failed: ${error instanceof Error ? error.stack : message}\n`);
    }
    state.sectionMs[name] = Math.round(performance.now() - started);
    saveResults(state, false);
  }
}

/**
 * Prints what was measured before an error that no section could catch, such as an 'error' event
 * without a listener in a module under test, and exits with status 1.
 */
function reportFatalErrors(state: RunState): void {
  process.on('uncaughtException', (error) => {
    process.stderr.write(`benchmark stopped by an uncaught exception: ${error.stack}\n`);
    state.notes.push(`stopped by an uncaught exception: ${error.message}`);
    ServerProcess.interruptAll();
    saveResults(state, true);
    process.exit(1);
  });
}

function readOptionsOrExit(args: readonly string[]): BenchOptions {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  try {
    return readBenchOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const options = readOptionsOrExit(args);
  const state: RunState = {
    command: args.length > 0 ? `npm run bench -- ${args.join(' ')}` : 'npm run bench',
    startedAt: new Date().toISOString(),
    machine: await readMachineInfo(),
    rows: [],
    notes: [],
    sectionMs: {},
    failed: false,
  };
  reportFatalErrors(state);
  await runSections(options, state);
  saveResults(state, true);
  if (state.failed || state.rows.some((row) => row.failure !== undefined)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
