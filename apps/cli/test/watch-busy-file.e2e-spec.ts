import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { seededRandom } from '../../../test/support/random-workload.js';
import { seededBytes } from '../../../test/support/seeded-bytes.js';
import { requireBuiltCli } from '../../../test/support/sync-cli-runner.js';
import { sha256Hex } from '../../../test/support/synced-tree.js';
import { WatchProcess } from '../../../test/support/watch-process.js';

/** Number of rewrites of each file while the watcher runs. */
const REWRITES = 120;

describe('scaidrive sync --watch with files being written', () => {
  let server: TestServer;
  let api: HttpClient;
  let work: string;
  let watcher: WatchProcess | null = null;

  beforeAll(async () => {
    await requireBuiltCli();
    server = await startTestServer();
    work = await mkdtemp(join(tmpdir(), 'scaidrive-busy-'));
  });

  afterAll(async () => {
    await watcher?.stop('SIGKILL', 5000);
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('uploads only contents that were written whole', async () => {
    const token = await server.token('erin');
    api = new HttpClient(server.url, token);
    const folder = join(work, 'folder');
    await mkdir(folder);
    const args = ['--debounce', '50', '--rescan-interval', '5', '--max-retry-delay', '2'];
    watcher = WatchProcess.start({ folder, serverUrl: server.url, token, args });

    const random = seededRandom(7);
    const written = { 'busy.bin': new Set<string>(), 'saved.txt': new Set<string>() };
    let last = { 'busy.bin': '', 'saved.txt': '' };
    for (let index = 0; index < REWRITES; index++) {
      const size = 1000 + Math.floor(random() * 3 * 1024 * 1024);
      const content = seededBytes(size, `busy ${index}`);
      await writeFile(join(folder, 'busy.bin'), content);
      const saved = Buffer.from(`saved ${index} ${random()}\n`.repeat(1 + (index % 50)));
      await writeFile(join(folder, '.saved.txt.swp'), saved);
      await rename(join(folder, '.saved.txt.swp'), join(folder, 'saved.txt'));
      last = { 'busy.bin': sha256Hex(content), 'saved.txt': sha256Hex(saved) };
      written['busy.bin'].add(last['busy.bin']);
      written['saved.txt'].add(last['saved.txt']);
      // Mostly rewrites in quick succession, which the watcher must defer, and now and then a
      // pause in which an upload can finish.
      await sleep(index % 10 === 9 ? 600 : Math.floor(random() * 40));
    }

    for (const name of ['busy.bin', 'saved.txt'] as const) {
      const node = await waitForContent(`/${name}`, last[name]);
      const versions = await api.get(`/files/${node.id}/versions`);
      expect(versions.status).toBe(200);
      const torn = versions.body.items.filter(
        (version: { sha256: string }) => !written[name].has(version.sha256),
      );
      expect(torn).toEqual([]);
    }
    const errors = watcher.passes.reduce((sum, pass) => sum + Number(pass.errors ?? 0), 0);
    expect(errors).toBe(0);
    expect(await watcher.stop('SIGTERM')).toBe(0);
  });

  /** Waits up to 60 seconds until the server's file at `path` has the content `sha256`. */
  async function waitForContent(path: string, sha256: string) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const node = await api.get(`/nodes?path=${encodeURIComponent(path)}`);
      if (node.status === 200 && node.body.version?.sha256 === sha256) return node.body;
      if (Date.now() > deadline) throw new Error(`${path} did not reach the server within 60 s`);
      await sleep(200);
    }
  }
});
