import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  lastJsonLine,
  requireBuiltCli,
  runCliProcess,
  snapshotTree,
} from '../../../test/support/sync-cli-runner.js';
import { seededBytes } from '../../../test/support/seeded-bytes.js';

const MiB = 1024 * 1024;

describe('scaidrive sync', () => {
  let server: TestServer;
  let token: string;
  let api: HttpClient;
  let work: string;
  let folderA: string;
  let folderB: string;

  async function sync(folder: string, ...extra: string[]) {
    const result = await runCliProcess(
      ['sync', folder, '--server', server.url, '--json', ...extra],
      {
        SCAIDRIVE_TOKEN: token,
      },
    );
    if (result.code !== 0) throw new Error(`sync failed (${result.code}):\n${result.stderr}`);
    return { summary: lastJsonLine(result.stdout), stderr: result.stderr };
  }

  async function nodeAt(path: string) {
    const node = await api.get(`/nodes?path=${encodeURIComponent(path)}`);
    expect(node.status).toBe(200);
    return node.body;
  }

  beforeAll(async () => {
    await requireBuiltCli();
    server = await startTestServer();
    token = await server.token('alice');
    api = new HttpClient(server.url, token);
    work = await mkdtemp(join(tmpdir(), 'scaidrive-cli-'));
    folderA = join(work, 'a');
    folderB = join(work, 'b');
    await writeTree(folderA);
  });

  afterAll(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('uploads a generated tree', async () => {
    const { summary, stderr } = await sync(folderA);
    expect(summary.filesUploaded).toBe(8);
    expect(summary.filesDownloaded).toBe(0);
    expect(summary.bytesUploaded).toBeGreaterThan(25 * MiB);
    expect(summary.chunksUploaded).toBeGreaterThan(20);
    expect(summary.durationMs).toBeGreaterThan(0);
    expect(summary.skipped).toBe(2);
    expect(stderr).toContain('skipped link: symbolic links are not synced');
    expect(stderr).toContain('skipped bad:name.txt');
  });

  it('downloads the tree into an empty folder', async () => {
    const { summary } = await sync(folderB);
    expect(summary.filesDownloaded).toBe(8);
    expect(summary.filesUploaded).toBe(0);
    expect(await snapshotTree(folderB)).toEqual(await syncedSnapshot(folderA));
  });

  it('does nothing when nothing changed', async () => {
    const { summary } = await sync(folderA);
    expect(summary.filesUploaded).toBe(0);
    expect(summary.filesDownloaded).toBe(0);
    expect(summary.bytesUploaded).toBe(0);
  });

  it('sends only chunks near an edit', async () => {
    const path = join(folderA, 'data/big.bin');
    const content = await readFile(path);
    seededBytes(MiB, 'edit').copy(content, 10 * MiB);
    await writeFile(path, content);

    const pushed = await sync(folderA);
    expect(pushed.summary.filesUploaded).toBe(1);
    expect(pushed.summary.bytesUploaded).toBeLessThan(4 * MiB);
    expect(pushed.summary.chunksReused).toBeGreaterThan(10);

    const pulled = await sync(folderB);
    expect(pulled.summary.filesDownloaded).toBe(1);
    expect(pulled.summary.bytesDownloaded).toBeLessThan(4 * MiB);
    expect(pulled.summary.chunksReused).toBeGreaterThan(10);
    expect(await snapshotTree(folderB)).toEqual(await syncedSnapshot(folderA));
  });

  it('applies a remote rename and delete', async () => {
    const nested = await nodeAt('/nested');
    expect((await api.patch(`/nodes/${nested.id}`, { name: 'renamed' })).status).toBe(200);
    const unicode = await nodeAt('/Grüße/日本語 📁.txt');
    expect((await api.delete(`/nodes/${unicode.id}`)).status).toBe(204);

    for (const folder of [folderA, folderB]) {
      const { summary } = await sync(folder);
      expect(summary.filesMoved).toBe(1);
      expect(summary.filesDeleted).toBe(1);
      expect(summary.bytesDownloaded).toBe(0);
    }
    const snapshot = await snapshotTree(folderB);
    expect(snapshot['renamed/deeper/deepest/random.bin']).toBeDefined();
    expect(snapshot['nested']).toBeUndefined();
    expect(snapshot['Grüße/日本語 📁.txt']).toBeUndefined();
    expect(await snapshotTree(folderB)).toEqual(await syncedSnapshot(folderA));
  });

  it('sends a local move, edit and delete', async () => {
    await rename(join(folderA, 'renamed'), join(folderA, 'moved'));
    await writeFile(join(folderA, 'hello.txt'), 'hello again\n');
    await rm(join(folderA, 'empty.txt'));

    const pushed = await sync(folderA);
    expect(pushed.summary.filesUploaded).toBe(1);
    expect(pushed.summary.filesMoved).toBe(2);
    expect(pushed.summary.bytesUploaded).toBe('hello again\n'.length);

    const pulled = await sync(folderB);
    expect(pulled.summary.filesDownloaded).toBe(1);
    expect(pulled.summary.bytesDownloaded).toBe('hello again\n'.length);
    expect(await snapshotTree(folderB)).toEqual(await syncedSnapshot(folderA));
  });

  it('sends a case-only rename', async () => {
    await rename(join(folderA, 'data'), join(folderA, 'Data'));
    const pushed = await sync(folderA);
    expect(pushed.summary.filesMoved).toBe(1);
    expect(pushed.summary.foldersCreated).toBe(0);
    expect(pushed.summary.filesDeleted).toBe(0);

    const pulled = await sync(folderB);
    expect(pulled.summary.filesMoved).toBe(1);
    expect(pulled.summary.bytesDownloaded).toBe(0);
    expect(await snapshotTree(folderB)).toEqual(await syncedSnapshot(folderA));
  });

  it('keeps both sides of a concurrent edit', async () => {
    await writeFile(join(folderA, 'hello.txt'), 'edited in A\n');
    await writeFile(join(folderB, 'hello.txt'), 'edited in B\n');
    await sync(folderA);
    const conflicted = await sync(folderB);
    expect(conflicted.summary.conflicts).toBe(1);
    expect(conflicted.stderr).toContain('changed both locally and remotely');
    await sync(folderA);

    const snapshot = await syncedSnapshot(folderA);
    const copies = Object.keys(snapshot).filter((path) => path.includes('conflicted copy'));
    expect(copies).toHaveLength(1);
    expect(await readFile(join(folderA, 'hello.txt'), 'utf8')).toBe('edited in A\n');
    expect(await readFile(join(folderA, copies[0]), 'utf8')).toBe('edited in B\n');
    expect(await snapshotTree(folderB)).toEqual(snapshot);
  });

  it('follows a commit conflict', async () => {
    await writeFile(join(folderB, 'notes.md'), 'B wins the race\n');
    await sync(folderB);
    // A takes B's cursor, so A's pull misses B's commit, as if it landed between A's pull and push.
    const stateA = JSON.parse(await readFile(join(folderA, '.scaidrive/state.json'), 'utf8'));
    const stateB = JSON.parse(await readFile(join(folderB, '.scaidrive/state.json'), 'utf8'));
    stateA.cursor = stateB.cursor;
    await writeFile(join(folderA, '.scaidrive/state.json'), JSON.stringify(stateA));
    await writeFile(join(folderA, 'notes.md'), 'A loses the race\n');

    const raced = await sync(folderA);
    expect(raced.summary.conflicts).toBe(1);
    expect(await readFile(join(folderA, 'notes.md'), 'utf8')).toBe('B wins the race\n');
    await sync(folderB);
    const snapshot = await snapshotTree(folderB);
    const copies = Object.keys(snapshot).filter((path) => path.startsWith('notes (conflicted'));
    expect(copies).toHaveLength(1);
    expect(await readFile(join(folderB, copies[0]), 'utf8')).toBe('A loses the race\n');
    expect(await syncedSnapshot(folderA)).toEqual(snapshot);
  });

  it('syncs a remote subfolder with --remote', async () => {
    const folderC = join(work, 'c');
    await mkdir(folderC);
    await writeFile(join(folderC, 'only-here.txt'), 'sub');
    const { summary } = await sync(folderC, '--remote', '/Projects/sub');
    expect(summary.filesUploaded).toBe(1);
    const node = await nodeAt('/Projects/sub/only-here.txt');
    expect(node.version.size).toBe(3);
    const pulled = await sync(folderA);
    expect(pulled.summary.filesDownloaded).toBe(1);
    expect(await readFile(join(folderA, 'Projects/sub/only-here.txt'), 'utf8')).toBe('sub');
  });

  it('lists a folder moved into the synced folder', async () => {
    const me = (await api.get('/me')).body;
    const outside = await api.post('/folders', { parentId: me.rootFolderId, name: 'Outside' });
    const album = await api.post('/folders', { parentId: outside.body.id, name: 'album' });
    await api.uploadFile({ parentId: album.body.id, name: 'photo.jpg' }, [Buffer.from('jpeg')]);
    const folderC = join(work, 'c');
    const sub = await nodeAt('/Projects/sub');

    await api.patch(`/nodes/${album.body.id}`, { parentId: sub.id });
    const movedIn = await sync(folderC, '--remote', '/Projects/sub');
    expect(movedIn.summary.filesDownloaded).toBe(1);
    expect(await readFile(join(folderC, 'album/photo.jpg'), 'utf8')).toBe('jpeg');

    await api.patch(`/nodes/${album.body.id}`, { parentId: outside.body.id });
    const movedOut = await sync(folderC, '--remote', '/Projects/sub');
    expect(movedOut.summary.filesDeleted).toBe(2);
    expect(Object.keys(await snapshotTree(folderC))).toEqual(['only-here.txt']);
  });

  it('keeps a local edit of a remotely deleted file', async () => {
    const smallPath = 'moved/deeper/small.txt';
    const node = await nodeAt(`/${smallPath}`);
    await api.delete(`/nodes/${node.id}`);
    await writeFile(join(folderA, smallPath), 'edited after the delete');

    const { summary } = await sync(folderA);
    expect(summary.filesUploaded).toBe(1);
    expect(summary.filesDeleted).toBe(0);
    const restored = await nodeAt(`/${smallPath}`);
    expect(restored.id).not.toBe(node.id);
    expect(restored.version.size).toBe('edited after the delete'.length);
  });

  it('restores a local delete of a remotely edited file', async () => {
    await sync(folderB);
    const node = await nodeAt('/notes.md');
    await api.uploadFile({ nodeId: node.id, baseVersionId: node.version.id }, [
      Buffer.from('edited remotely\n'),
    ]);
    await rm(join(folderB, 'notes.md'));

    const { summary } = await sync(folderB);
    expect(summary.filesDownloaded).toBe(1);
    expect(await readFile(join(folderB, 'notes.md'), 'utf8')).toBe('edited remotely\n');
  });

  it('keeps a case-only rename of a remotely edited file', async () => {
    await sync(folderA);
    await sync(folderB);
    const node = await nodeAt('/notes.md');
    await api.uploadFile({ nodeId: node.id, baseVersionId: node.version.id }, [
      Buffer.from('edited remotely before the rename\n'),
    ]);
    await rename(join(folderA, 'notes.md'), join(folderA, 'Notes.md'));

    const renamed = await sync(folderA);
    expect(renamed.summary.filesMoved).toBe(1);
    expect(renamed.summary.filesUploaded).toBe(0);
    expect(renamed.summary.filesDownloaded).toBe(0);
    const pulled = await sync(folderA);
    expect(pulled.summary.filesDownloaded).toBe(1);

    expect(await readdir(folderA)).not.toContain('notes.md');
    const content = await readFile(join(folderA, 'Notes.md'), 'utf8');
    expect(content).toBe('edited remotely before the rename\n');
    const remote = await nodeAt('/Notes.md');
    expect(remote.id).toBe(node.id);
    expect(remote.version.size).toBe(content.length);
    await sync(folderB);
    expect(await snapshotTree(folderB)).toEqual(await syncedSnapshot(folderA));
  });

  it('rejects a bad token with a hint', async () => {
    const result = await runCliProcess([
      'sync',
      folderA,
      '--server',
      server.url,
      '--token',
      'nope',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('401');
    expect(result.stderr).toContain('scaidrive token --user NAME');
  });

  it('reports an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const url = `http://127.0.0.1:${port}`;
    const result = await runCliProcess(['sync', folderA, '--server', url, '--token', token]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).toContain('Check --server');
  });

  it('prints a token the server accepts', async () => {
    const result = await runCliProcess(['token', '--user', 'bob', '--ttl', '600'], {
      SCAIDRIVE_DATA_DIR: server.dataDir,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const me = await new HttpClient(server.url, result.stdout.trim()).get('/me');
    expect(me.status).toBe(200);
    expect(me.body.name).toBe('bob');
  });
});

/** Writes nested folders, an empty file and folder, Unicode names and 27 MB of random data. */
async function writeTree(root: string): Promise<void> {
  await mkdir(join(root, 'nested/deeper/deepest'), { recursive: true });
  await mkdir(join(root, 'empty-folder'), { recursive: true });
  await mkdir(join(root, 'Grüße'), { recursive: true });
  await mkdir(join(root, 'data'), { recursive: true });
  await writeFile(join(root, 'hello.txt'), 'hello\n');
  await writeFile(join(root, 'empty.txt'), '');
  await writeFile(join(root, 'notes.md'), '# notes\n');
  await writeFile(join(root, 'nested/deeper/deepest/random.bin'), seededBytes(3 * MiB, 'r'));
  await writeFile(join(root, 'nested/deeper/small.txt'), 'small');
  await writeFile(join(root, 'Grüße/日本語 📁.txt'), 'unicode');
  await writeFile(join(root, 'Grüße/Ünïcödé.bin'), seededBytes(4 * MiB + 17, 'u'));
  await writeFile(join(root, 'data/big.bin'), seededBytes(20 * MiB, 'big'));
  await symlink('hello.txt', join(root, 'link'));
  await writeFile(join(root, 'bad:name.txt'), 'not synced');
}

/** Snapshot of what the server can hold: without the link and the invalid name. */
async function syncedSnapshot(root: string): Promise<Record<string, string>> {
  const snapshot = await snapshotTree(root);
  delete snapshot['link'];
  delete snapshot['bad:name.txt'];
  return snapshot;
}
