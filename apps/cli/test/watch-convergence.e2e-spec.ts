import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isIgnoredPath } from '../../../apps/cli/src/local/ignored-names.js';
import { FeedRecorder } from '../../../test/support/feed-recorder.js';
import { killTestServer, restartTestServer } from '../../../test/support/restart-test-server.js';
import { requireBuiltCli } from '../../../test/support/sync-cli-runner.js';
import { snapshotRemoteTree } from '../../../test/support/synced-tree.js';
import {
  describeSyncState,
  describeTreeDifferences,
  differingPaths,
} from '../../../test/support/tree-differences.js';
import { TreeWorkload } from '../../../test/support/tree-workload.js';
import { waitForConvergence } from '../../../test/support/wait-for-convergence.js';
import { WatchProcess } from '../../../test/support/watch-process.js';

/**
 * Operations of the random workload. The default keeps the file under about three minutes on
 * two cores; WATCH_CONVERGENCE_OPERATIONS=1200 is the full size.
 */
const OPERATIONS = Number(process.env.WATCH_CONVERGENCE_OPERATIONS ?? 300);
const SEED = Number(process.env.WATCH_CONVERGENCE_SEED ?? 20261204);
/** Short delays, so that the test converges in seconds rather than minutes. */
const WATCH_ARGS = ['--debounce', '200', '--rescan-interval', '5', '--max-retry-delay', '2'];
const CONVERGENCE = { quietMs: 3000, timeoutMs: 120_000 };
/** Time in ms the server stays down, long enough for several retries of each watcher. */
const DOWNTIME_MS = 6000;
/** Time budget of one test: setup, about 0.25 s per operation, convergence and checks. */
const TEST_TIMEOUT_MS = 150_000 + OPERATIONS * 250;

/** Two watching clients of one user on two folders, a third that records the feed, and a workload. */
interface Harness {
  readonly folders: string[];
  readonly watchers: WatchProcess[];
  readonly feed: FeedRecorder;
  readonly workload: TreeWorkload;
  readonly api: HttpClient;
  readonly seed: number;
}

describe('scaidrive sync --watch', () => {
  let work: string;
  let server: TestServer | null = null;
  let harness: Harness | null = null;

  beforeAll(async () => {
    await requireBuiltCli();
  });

  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'scaidrive-watch-'));
  });

  afterEach(async () => {
    await Promise.all((harness?.watchers ?? []).map((watcher) => watcher.stop('SIGKILL', 5000)));
    await harness?.feed.stop();
    await server?.stop();
    harness = server = null;
    await rm(work, { recursive: true, force: true });
  });

  /** Starts both watchers and the feed recorder against `url`, which stays valid on restart. */
  async function startHarness(url: () => string, token: string, seed: number): Promise<Harness> {
    const folders = [join(work, 'a'), join(work, 'b')];
    await Promise.all(folders.map((folder) => mkdir(folder)));
    const feed = new FeedRecorder(url, token);
    feed.start(Date.now() + TEST_TIMEOUT_MS);
    const watchers = folders.map((folder) =>
      WatchProcess.start({ folder, serverUrl: url(), token, args: WATCH_ARGS }),
    );
    const workload = new TreeWorkload({
      folders,
      seed,
      isSynced: (sha256) => feed.contents.has(sha256),
    });
    return { folders, watchers, feed, workload, api: new HttpClient(url(), token), seed };
  }

  /** Waits for quiescence, checks what both folders and the server hold, and stops the watchers. */
  async function expectConverged(current: Harness): Promise<void> {
    const { folders, watchers, feed, workload, api } = current;
    await Promise.all(workload.temporaryFiles.map((path) => rm(path, { force: true })));
    const convergence = await waitForConvergence({ folders, watchers, ...CONVERGENCE });
    const [first, second] = convergence.snapshots;
    report(current, convergence.waitedMs);
    if (!convergence.converged) reportWatchers(watchers);
    const remote = await snapshotRemoteTree(api);
    if (!convergence.converged) {
      await reportDifferences(current, { a: first, b: second, server: remote });
    }
    expect(convergence.converged).toBe(true);
    expect(second).toEqual(first);
    expect(remote).toEqual(first);

    await feed.catchUp();
    const finalContents = new Set(Object.values(first));
    const lost = [...workload.written].filter(
      ([sha256]) => !finalContents.has(sha256) && !feed.contents.has(sha256),
    );
    expect(lost).toEqual([]);
    const ignoredOnServer = [...feed.paths].filter((path) => isIgnoredPath(path.slice(1)));
    expect(ignoredOnServer).toEqual([]);

    for (const watcher of watchers) expect(watcher.exited).toBe(false);
    expect(await watchers[0].stop('SIGINT')).toBe(0);
    expect(await watchers[1].stop('SIGTERM')).toBe(0);
  }

  it(
    'converges two folders under random operations',
    async () => {
      server = await startTestServer();
      const url = server.url;
      harness = await startHarness(() => url, await server.token('alice'), SEED);
      await harness.workload.run(OPERATIONS, Date.now() + TEST_TIMEOUT_MS / 2);
      expect(harness.workload.count).toBe(OPERATIONS);
      await expectConverged(harness);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'resumes and converges after a server restart',
    async () => {
      const first = await startTestServer();
      server = first;
      const url = first.url;
      harness = await startHarness(() => url, await first.token('bob'), SEED + 1);
      const { workload, watchers } = harness;
      const third = Math.ceil(OPERATIONS / 3);
      const deadline = Date.now() + TEST_TIMEOUT_MS / 2;
      await workload.run(third, deadline);

      await killTestServer(first);
      const waitForOffline = waitFor(() =>
        watchers.every((watcher) => watcher.stderrLines('offline').length > 0),
      );
      await Promise.all([workload.run(third, deadline), sleep(DOWNTIME_MS), waitForOffline]);
      server = await restartTestServer(first);
      await workload.run(OPERATIONS - 2 * third, deadline);
      expect(workload.count).toBe(OPERATIONS);

      await expectConverged(harness);
      for (const watcher of watchers) {
        const notices = [
          ...watcher.stderrLines('offline ('),
          ...watcher.stderrLines('sync failed ('),
        ];
        expect(watcher.stderrLines('offline (').length).toBeGreaterThanOrEqual(1);
        // Retries every 1 to 2 s during the restart; each change of state is printed once.
        expect(notices.length).toBeLessThanOrEqual(4);
        expect(watcher.stderrLines('connected again').length).toBeGreaterThanOrEqual(1);
      }
    },
    TEST_TIMEOUT_MS,
  );
});

/** Waits up to 30 seconds for a condition, checking every 100 ms. */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 30 s');
    await sleep(100);
  }
}

/** Prints what the run did, so that a slow or failing run can be read from the test output. */
function report(harness: Harness, waitedMs: number): void {
  const { workload, watchers, seed } = harness;
  const passes = watchers.map((watcher) => watcher.passes.length);
  const conflicts = watchers.map((watcher) =>
    watcher.passes.reduce((sum, pass) => sum + Number(pass.conflicts ?? 0), 0),
  );
  process.stderr.write(
    `watch convergence: ${workload.count} operations (seed ${seed}), ` +
      `applied ${JSON.stringify(workload.tally.applied)}, ` +
      `races ${JSON.stringify(workload.tally.failed)}, replaced ${workload.tally.replaced}, ` +
      `${workload.written.size} contents written, passes ${passes.join('/')}, ` +
      `conflicts ${conflicts.join('/')}, converged after ${waitedMs} ms\n`,
  );
  for (const watcher of watchers) {
    const notable = watcher.stderr
      .split('\n')
      .filter((line) => line.startsWith('conflict:') || line.includes('failed'));
    if (notable.length > 0) process.stderr.write(`${notable.slice(0, 20).join('\n')}\n`);
  }
}

/**
 * Prints the paths on which the folders and the server disagree and what each watcher's state file
 * records for them. It also prints the operation that wrote each differing file and the workload's
 * changes to items of those names, so that a run that did not converge shows where and why.
 */
async function reportDifferences(
  harness: Harness,
  trees: Record<'a' | 'b' | 'server', Record<string, string>>,
): Promise<void> {
  const { folders, workload } = harness;
  const differing = differingPaths(trees);
  const paths = differing.slice(0, 60);
  const lines = [`${differing.length} paths differ between the folders and the server:`];
  lines.push(...describeTreeDifferences(trees));
  for (const [index, folder] of folders.entries()) {
    lines.push(`state of watcher ${index}:`, ...(await describeSyncState(folder, paths)));
  }
  lines.push('first line of each differing file, which names the operation that wrote it:');
  for (const [index, folder] of folders.entries()) {
    for (const path of paths) {
      const header = await readFirstLine(join(folder, path));
      if (header !== null) lines.push(`folder ${index} ${path}: ${header}`);
    }
  }
  const names = paths.map((path) => stemOf(path.slice(path.lastIndexOf('/') + 1)));
  const related = workload.history.filter((change) =>
    names.some((name) => new RegExp(`\\b${escapeRegExp(name)}(?![0-9])`, 'i').test(change)),
  );
  lines.push(`workload changes that name a differing item (last 40):`, ...related.slice(-40));
  process.stderr.write(`${lines.join('\n')}\n`);
}

/** Returns the first line of a file (at most 100 bytes), or null for a folder or missing file. */
async function readFirstLine(path: string): Promise<string | null> {
  const content = await readFile(path).catch(() => null);
  if (content === null) return null;
  const end = content.indexOf(10);
  return content.subarray(0, Math.min(end < 0 ? content.length : end, 100)).toString('latin1');
}

/** Returns a file name without its extension and without a conflict copy suffix. */
function stemOf(name: string): string {
  const copy = name.indexOf(' (conflicted copy');
  const withoutCopy = copy < 0 ? name : name.slice(0, copy);
  const dot = withoutCopy.lastIndexOf('.');
  return dot > 0 ? withoutCopy.slice(0, dot) : withoutCopy;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Prints each watcher's last passes and messages, to show why folders did not converge. */
function reportWatchers(watchers: readonly WatchProcess[]): void {
  for (const [index, watcher] of watchers.entries()) {
    const passes = watcher.passes.slice(-15).map((pass) => JSON.stringify(pass));
    const messages = watcher.stderr.split('\n').slice(-30);
    process.stderr.write(`watcher ${index}:\n${passes.join('\n')}\n${messages.join('\n')}\n`);
  }
}
