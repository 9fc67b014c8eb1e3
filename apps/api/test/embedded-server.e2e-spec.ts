import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signDevToken } from '@scaidrive/auth';
import { freePort, HttpClient, runServerOnce, ServerProcess, sha256Hex } from '@scaidrive/testing';

describe('embedded server', () => {
  let dataDir: string;
  let server: ServerProcess;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scaidrive-embedded-'));
    // mkdtemp makes a private folder; when the tests run as root, the postgres user must reach it.
    await chmod(dataDir, 0o755);
    server = new ServerProcess(dataDir, await freePort());
  });

  afterAll(async () => {
    await server.stop('SIGKILL').catch(() => undefined);
    // A postmaster orphaned by SIGKILL is stopped by the next start; start and stop once more.
    await server.start().then(
      () => server.stop(),
      () => undefined,
    );
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every committed version across kill -9 and resumes an upload', async () => {
    await server.start();
    expect(server.output).toContain(`ScaiDrive is running at ${server.url}`);
    const client = new HttpClient(server.url, await signDevToken({ dataDir, user: 'alice' }));
    const root = (await client.get('/me')).body.rootFolderId;
    const first = [randomBytes(1 << 20), randomBytes(1 << 20)];
    const committed = await client.uploadFile({ parentId: root, name: 'kept.bin' }, first);
    expect(committed.status).toBe(201);

    // Upload half of a second file's chunks, then kill the server in the middle of the next one.
    const pieces = Array.from({ length: 8 }, () => randomBytes(512 * 1024));
    for (const piece of pieces.slice(0, 4)) {
      expect((await client.put(`/chunks/${sha256Hex(piece)}`, piece)).status).toBe(201);
    }
    const inFlight = client.put(`/chunks/${sha256Hex(pieces[4])}`, pieces[4]).catch(() => null);
    await server.stop('SIGKILL');
    await inFlight;

    await server.start();
    const content = await client.get(`/files/${committed.body.node.id}/content`);
    expect(content.status).toBe(200);
    expect(sha256Hex(content.body)).toBe(sha256Hex(Buffer.concat(first)));
    const missing = await client.post('/chunks/missing', {
      hashes: pieces.map((p) => sha256Hex(p)),
    });
    expect(missing.body.missing).toEqual(
      expect.arrayContaining(pieces.slice(5).map((p) => sha256Hex(p))),
    );
    expect(missing.body.missing).not.toContain(sha256Hex(pieces[0]));

    const resumed = await client.uploadFile({ parentId: root, name: 'resumed.bin' }, pieces);
    expect(resumed.status).toBe(201);
    const whole = await client.get(`/files/${resumed.body.node.id}/content`);
    expect(sha256Hex(whole.body)).toBe(sha256Hex(Buffer.concat(pieces)));
  });

  it('shuts down on Ctrl-C and keeps everything across a restart', async () => {
    // Ctrl-C signals the whole process group, so PostgreSQL stops at the same time as the API.
    const code = await server.stop('SIGINT', 30_000, true);
    expect(code).toBe(0);
    await server.start();
    const client = new HttpClient(server.url, await signDevToken({ dataDir, user: 'alice' }));
    const listing = await client.get(
      `/folders/${(await client.get('/me')).body.rootFolderId}/children`,
    );
    expect(listing.body.items.map((node: { name: string }) => node.name)).toEqual([
      'kept.bin',
      'resumed.bin',
    ]);
    expect(await server.stop('SIGINT')).toBe(0);
  });

  it('rejects an invalid port with a clear message', async () => {
    const result = await runServerOnce({ SCAIDRIVE_DATA_DIR: dataDir, PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('PORT must be a whole number from 0 to 65535, got "eighty"');
  });

  it('rejects a data folder that is a file', async () => {
    const file = join(dataDir, 'not-a-folder');
    await writeFile(file, 'x');
    const result = await runServerOnce({ SCAIDRIVE_DATA_DIR: file, PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`SCAIDRIVE_DATA_DIR ${file} exists but is not a directory`);
  });
});
