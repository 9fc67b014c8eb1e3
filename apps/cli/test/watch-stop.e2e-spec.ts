import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededBytes } from '../../../test/support/seeded-bytes.js';
import { requireBuiltCli, runCliProcess } from '../../../test/support/sync-cli-runner.js';
import { snapshotRemoteTree, snapshotSyncedTree } from '../../../test/support/synced-tree.js';
import { WatchProcess } from '../../../test/support/watch-process.js';

const MiB = 1024 * 1024;
/** Enough files that the first pass is still uploading when the test sends SIGINT. */
const FILES = 40;
const FILE_SIZE = 2 * MiB;
/** A file whose upload takes seconds, so that a second SIGINT finds it in flight. */
const LARGE_FILE_SIZE = 256 * MiB;

describe('scaidrive sync --watch stop', () => {
  let server: TestServer;
  let token: string;
  let api: HttpClient;
  let work: string;
  let watcher: WatchProcess | null = null;

  beforeAll(async () => {
    await requireBuiltCli();
    server = await startTestServer();
    token = await server.token('dave');
    api = new HttpClient(server.url, token);
    work = await mkdtemp(join(tmpdir(), 'scaidrive-watch-stop-'));
  });

  afterAll(async () => {
    await watcher?.stop('SIGKILL', 5000);
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Writes `sizes.length` files into a new folder and starts watching it below `/name`. */
  async function startWatching(name: string, sizes: readonly number[]) {
    const folder = join(work, name);
    await mkdir(folder);
    for (const [index, size] of sizes.entries()) {
      await writeFile(join(folder, `file-${index}.bin`), seededBytes(size, `${name}${index}`));
    }
    const remote = `/${name}`;
    watcher = WatchProcess.start({
      folder,
      serverUrl: server.url,
      token,
      args: ['--remote', remote, '--concurrency', '2'],
    });
    return { folder, remote };
  }

  async function remoteFiles(remote: string): Promise<number> {
    const node = await api.get(`/nodes?path=${encodeURIComponent(remote)}`);
    if (node.status !== 200) return 0;
    const children = await api.get(`/folders/${node.body.id}/children`);
    return children.body.items.length;
  }

  /** Runs a one-shot sync of the folder and checks that it then matches the server. */
  async function expectResumable(folder: string, remote: string, files: number): Promise<void> {
    const state = JSON.parse(await readFile(join(folder, '.scaidrive/state.json'), 'utf8'));
    expect(state.cursor).toEqual(expect.any(String));
    const result = await runCliProcess(
      ['sync', folder, '--server', server.url, '--remote', remote],
      {
        SCAIDRIVE_TOKEN: token,
      },
    );
    expect(result.code).toBe(0);
    const local = await snapshotSyncedTree(folder);
    const drive = await snapshotRemoteTree(api);
    const below = Object.fromEntries(
      Object.entries(drive)
        .filter(([path]) => path.startsWith(`${remote.slice(1)}/`))
        .map(([path, hash]) => [path.slice(remote.length), hash]),
    );
    expect(Object.keys(local)).toHaveLength(files);
    expect(below).toEqual(local);
  }

  it('finishes transfers in flight on Ctrl-C', async () => {
    const { folder, remote } = await startWatching('gentle', Array(FILES).fill(FILE_SIZE));
    await waitFor(async () => (await remoteFiles(remote)) > 0);
    expect(await watcher!.stop('SIGINT', 60_000)).toBe(0);
    expect(watcher!.stderrLines('stopping after the transfers in progress')).toHaveLength(1);
    expect(await remoteFiles(remote)).toBeLessThan(FILES);
    await expectResumable(folder, remote, FILES);
  });

  it('aborts a transfer on a second Ctrl-C', async () => {
    const { folder, remote } = await startWatching('hasty', [LARGE_FILE_SIZE]);
    // Uploads run at about 28 MB/s (docs/benchmarks.md), so the file is in flight half a second in.
    await sleep(500);
    watcher!.signal('SIGINT');
    await sleep(200);
    const started = Date.now();
    expect(await watcher!.stop('SIGINT', 30_000)).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(watcher!.stderrLines('stopping after the transfers in progress')).toHaveLength(1);
    expect(await remoteFiles(remote)).toBe(0);
    await expectResumable(folder, remote, 1);
  });
});

/** Waits up to 60 seconds for an asynchronous condition, checking every 50 ms. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 60 s');
    await sleep(50);
  }
}
