import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  lastJsonLine,
  requireBuiltCli,
  runCliProcess,
  snapshotTree,
} from '../../../test/support/sync-cli-runner.js';
import { WatchProcess } from '../../../test/support/watch-process.js';

const SHARE = 'Team';

describe('scaidrive sync --share', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  let work: string;
  let folderA: string;
  let folderB: string;
  let folderC: string;
  let shareId: string;

  function run(user: string, ...args: string[]) {
    return runCliProcess([...args, '--server', server.url], { SCAIDRIVE_TOKEN: tokens[user] });
  }

  async function sync(user: string, folder: string, ...extra: string[]) {
    const result = await run(user, 'sync', folder, '--json', '--share', SHARE, ...extra);
    if (result.code !== 0) throw new Error(`sync failed (${result.code}):\n${result.stderr}`);
    return { summary: lastJsonLine(result.stdout), stderr: result.stderr };
  }

  beforeAll(async () => {
    await requireBuiltCli();
    server = await startTestServer();
    const clients: Record<string, HttpClient> = {};
    for (const user of ['alice', 'bob', 'carol']) {
      tokens[user] = await server.token(user);
      clients[user] = new HttpClient(server.url, tokens[user]);
    }
    const bobId = (await clients.bob.get('/me')).body.userId;
    const carolId = (await clients.carol.get('/me')).body.userId;
    const share = await clients.alice.post('/shares', { name: SHARE });
    expect(share.status).toBe(201);
    shareId = share.body.shareId;
    const members = `/shares/${shareId}/members/user`;
    expect((await clients.alice.put(`${members}/${bobId}`, { role: 'contributor' })).status).toBe(
      200,
    );
    expect((await clients.alice.put(`${members}/${carolId}`, { role: 'reader' })).status).toBe(200);

    work = await mkdtemp(join(tmpdir(), 'scaidrive-share-'));
    folderA = join(work, 'alice');
    folderB = join(work, 'bob');
    folderC = join(work, 'carol');
    await mkdir(join(folderA, 'docs'), { recursive: true });
    await writeFile(join(folderA, 'plan.txt'), 'plan by alice\n');
    await writeFile(join(folderA, 'docs', 'notes.md'), '# notes\n');
  });

  afterAll(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('lists the shares of a user', async () => {
    const listed = await run('bob', 'shares');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${SHARE}\\s+contributor\\s+${shareId}$`, 'm'));
  });

  it('syncs two members through a share', async () => {
    const first = await sync('alice', folderA);
    expect(first.summary.filesUploaded).toBe(2);
    const personal = await new HttpClient(server.url, tokens.alice).get('/nodes?path=/plan.txt');
    expect(personal.status).toBe(404);

    const joined = await sync('bob', folderB);
    expect(joined.summary.filesDownloaded).toBe(2);
    expect(await snapshotTree(folderB)).toEqual(await snapshotTree(folderA));

    await writeFile(join(folderB, 'plan.txt'), 'plan by alice\nedited by bob\n');
    await writeFile(join(folderB, 'docs', 'bob.txt'), 'from bob\n');
    expect((await sync('bob', folderB)).summary.filesUploaded).toBe(2);
    expect((await sync('alice', folderA)).summary.filesDownloaded).toBe(2);
    expect(await readFile(join(folderA, 'plan.txt'), 'utf8')).toContain('edited by bob');

    await writeFile(join(folderA, 'docs', 'notes.md'), '# notes\nby alice\n');
    await rm(join(folderA, 'docs', 'bob.txt'));
    const edited = await sync('alice', folderA);
    expect(edited.summary.filesUploaded).toBe(1);
    expect(edited.summary.filesDeleted).toBe(1);
    await sync('bob', folderB);
    expect(await snapshotTree(folderB)).toEqual(await snapshotTree(folderA));
  });

  it('keeps a reader’s edits local and reports them', async () => {
    const joined = await sync('carol', folderC);
    expect(joined.summary.filesDownloaded).toBe(2);
    expect(await snapshotTree(folderC)).toEqual(await snapshotTree(folderA));

    await writeFile(join(folderC, 'plan.txt'), 'carol was here\n');
    await writeFile(join(folderC, 'carol.txt'), 'new file\n');
    const edited = await sync('carol', folderC);
    expect(edited.summary.rejected).toBe(2);
    expect(edited.summary.errors).toBe(0);
    expect(edited.stderr).toContain('not allowed to sync plan.txt');
    expect(edited.stderr).toContain('not allowed to sync carol.txt');
    expect(edited.stderr).toContain('the server did not allow 2 local changes');
    expect(await readFile(join(folderC, 'plan.txt'), 'utf8')).toBe('carol was here\n');

    const unchanged = await sync('alice', folderA);
    expect(unchanged.summary.filesDownloaded).toBe(0);
    expect(await readFile(join(folderA, 'plan.txt'), 'utf8')).toContain('edited by bob');
  });

  it('sends rejected changes once while watching', async () => {
    const watcher = WatchProcess.start({
      folder: folderC,
      serverUrl: server.url,
      token: tokens.carol,
      args: ['--share', SHARE, '--rescan-interval', '1', '--debounce', '100'],
    });
    try {
      const deadline = Date.now() + 30_000;
      while (watcher.passes.length < 3 && Date.now() < deadline) await sleep(200);
      expect(watcher.passes.length).toBeGreaterThanOrEqual(3);
      expect(watcher.passes[0].rejected).toBe(2);
      for (const pass of watcher.passes.slice(1)) expect(pass.rejected).toBe(0);
      expect(watcher.stderrLines('not allowed to sync plan.txt')).toHaveLength(1);
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  }, 60_000);

  it('rejects a folder synced with another tree', async () => {
    const personal = await run('alice', 'sync', folderA);
    expect(personal.code).toBe(1);
    expect(personal.stderr).toContain(`is synced with the share "${SHARE}"`);
    expect(personal.stderr).toContain('not your personal drive');

    const plain = join(work, 'plain');
    await mkdir(plain);
    expect((await run('alice', 'sync', plain)).code).toBe(0);
    const shared = await run('alice', 'sync', plain, '--share', SHARE);
    expect(shared.code).toBe(1);
    expect(shared.stderr).toContain(`is synced with your personal drive, not the share "${SHARE}"`);
  });

  it('lists the shares when the name matches none', async () => {
    const missing = await run('bob', 'sync', join(work, 'none'), '--share', 'Nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no share named "Nope" found; your shares: "${SHARE}"`);
  });

  it('watches a folder inside a share', async () => {
    const watched = join(work, 'bob-reports');
    const watcher = WatchProcess.start({
      folder: watched,
      serverUrl: server.url,
      token: tokens.bob,
      args: ['--share', SHARE, '--remote', '/Reports', '--debounce', '100'],
    });
    try {
      const source = join(work, 'alice-reports');
      await mkdir(source);
      await writeFile(join(source, 'q1.csv'), 'a,b\n1,2\n');
      await sync('alice', source, '--remote', '/Reports');
      await writeFile(join(source, 'q2.csv'), 'c,d\n3,4\n');
      await sync('alice', source, '--remote', '/Reports');
      const deadline = Date.now() + 30_000;
      let snapshot = await snapshotTree(watched).catch(() => ({}));
      const expected = await snapshotTree(source);
      while (JSON.stringify(snapshot) !== JSON.stringify(expected) && Date.now() < deadline) {
        await sleep(250);
        snapshot = await snapshotTree(watched).catch(() => ({}));
      }
      expect(snapshot).toEqual(expected);
      expect(watcher.stderrLines('error')).toEqual([]);
    } finally {
      expect(await watcher.stop()).toBe(0);
    }
  }, 60_000);
});
