export const SECTION_NAMES = ['delta', 'upload', 'eventstore', 'feed', 'projections'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DEFAULT_UPLOAD_MIB = 1024;

/** Everything a run reads from its arguments and environment. */
export interface BenchOptions {
  readonly sections: readonly SectionName[];
  /** BENCH_FILE: the file the delta section edits. Null picks a shared library of over 100 MB. */
  readonly deltaFile: string | null;
  /** BENCH_UPLOAD_MIB: size of the generated upload file, in MiB (default 1024). */
  readonly uploadBytes: number;
  /** TEST_DATABASE_URL: PostgreSQL server on which the eventstore section creates a database. */
  readonly databaseUrl: string;
  /** BENCH_KEEP_WORK=1 leaves each section's folder under bench/.work after the run. */
  readonly keepWork: boolean;
}

export const USAGE = `usage: npm run bench -- [${SECTION_NAMES.join('] [')}]

Runs the named sections, or all of them when none is named, in the order below. Prints one table
and writes it to bench/.work/results.json.

  delta       bytes sent by scaidrive sync and by rsync after 1 MiB edits of a large file
  upload      upload and download throughput of a generated file, against single-core SHA-256
  eventstore  append throughput of the PostgreSQL event store (bench/event-store)
  feed        long-poll wake-up latency and the cost of an empty poll of the change feed
  projections projection lag while 16 clients commit, and rebuild speed of each projection

environment:
  BENCH_FILE          file for the delta section (default: libLLVM-15.so.1, or another file
                      of over 100 MB under /usr/lib)
  BENCH_UPLOAD_MIB    size of the upload file in MiB (default ${DEFAULT_UPLOAD_MIB})
  TEST_DATABASE_URL   PostgreSQL server for the eventstore, feed and projections sections
                      (default ${DEFAULT_DATABASE_URL})
  BENCH_KEEP_WORK=1   keep each section's data folders and files under bench/.work`;

/** Error for an invalid argument or variable. The message names the value. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function readSections(args: readonly string[]): SectionName[] {
  if (args.length === 0) return [...SECTION_NAMES];
  const unknown = args.filter((arg) => !(SECTION_NAMES as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    const names = unknown.map((arg) => `"${arg}"`).join(', ');
    throw new UsageError(`unknown section ${names}; choose from ${SECTION_NAMES.join(', ')}`);
  }
  return SECTION_NAMES.filter((name) => args.includes(name));
}

function readUploadBytes(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_UPLOAD_MIB * 1024 * 1024;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new UsageError(`BENCH_UPLOAD_MIB must be a whole number of MiB from 1, got "${raw}"`);
  }
  return Number(raw) * 1024 * 1024;
}

/** Reads the options from the command-line arguments after the script name and the environment. */
export function readBenchOptions(
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions {
  return {
    sections: readSections(args),
    deltaFile: env.BENCH_FILE || null,
    uploadBytes: readUploadBytes(env.BENCH_UPLOAD_MIB),
    databaseUrl: env.TEST_DATABASE_URL || DEFAULT_DATABASE_URL,
    keepWork: env.BENCH_KEEP_WORK === '1',
  };
}
