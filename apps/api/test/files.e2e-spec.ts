import { randomBytes } from 'node:crypto';
import { HttpClient, sha256Hex, startTestServer, type TestServer } from '@scaidrive/testing';

describe('files API', () => {
  let server: TestServer;
  let alice: HttpClient;
  let bob: HttpClient;
  let root: string;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
    bob = new HttpClient(server.url, await server.token('bob'));
    root = (await alice.get('/me')).body.rootFolderId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers health without a token', async () => {
    const health = await alice.withToken(null).get('/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
  });

  it('rejects requests without a valid token', async () => {
    const none = await alice.withToken(null).get('/me');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const forged = await alice.withToken(`${alice.token!.slice(0, -4)}AAAA`).get('/me');
    expect(forged.status).toBe(401);
  });

  it('creates, renames, moves and deletes folders', async () => {
    const created = await alice.post('/folders', { parentId: root, name: 'Projects' });
    expect(created.status).toBe(201);
    expect(created.body.path).toBe('/Projects');
    const inner = await alice.post('/folders', { parentId: created.body.id, name: 'Inner' });
    expect(inner.body.path).toBe('/Projects/Inner');

    const renamed = await alice.patch(`/nodes/${created.body.id}`, { name: 'Work' });
    expect(renamed.body.path).toBe('/Work');
    expect((await alice.get(`/nodes/${inner.body.id}`)).body.path).toBe('/Work/Inner');

    const other = await alice.post('/folders', { parentId: root, name: 'Archive' });
    const moved = await alice.patch(`/nodes/${created.body.id}`, { parentId: other.body.id });
    expect(moved.body.path).toBe('/Archive/Work');
    expect((await alice.get(`/nodes/${inner.body.id}`)).body.path).toBe('/Archive/Work/Inner');

    const cycle = await alice.patch(`/nodes/${other.body.id}`, { parentId: inner.body.id });
    expect(cycle.status).toBe(409);
    expect(cycle.body.code).toBe('MOVE_CYCLE');

    const listing = await alice.get(`/folders/${other.body.id}/children`);
    expect(listing.body.items.map((node: { name: string }) => node.name)).toEqual(['Work']);

    expect((await alice.delete(`/nodes/${other.body.id}`)).status).toBe(204);
    expect((await alice.get(`/nodes/${inner.body.id}`)).status).toBe(404);
  });

  it('rejects duplicate and invalid names', async () => {
    await alice.post('/folders', { parentId: root, name: 'Café' });
    const twin = await alice.post('/folders', { parentId: root, name: 'CAFE\u0301' });
    expect(twin.status).toBe(409);
    expect(twin.body.code).toBe('NAME_CONFLICT');
    const invalid = await alice.post('/folders', { parentId: root, name: 'a:b' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('INVALID_NAME');
  });

  it('lets exactly one of concurrent same-name creates succeed', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () => alice.post('/folders', { parentId: root, name: 'Race' })),
    );
    const statuses = attempts.map((attempt) => attempt.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(9);
  });

  it('rejects a chunk whose bytes do not match its hash', async () => {
    const bytes = randomBytes(1000);
    const wrong = sha256Hex(randomBytes(10));
    const upload = await alice.put(`/chunks/${wrong}`, bytes);
    expect(upload.status).toBe(422);
    expect(upload.body.code).toBe('CHECKSUM_MISMATCH');
    const missing = await alice.post('/chunks/missing', { hashes: [wrong] });
    expect(missing.body.missing).toEqual([wrong]);
  });

  it('reports a chunk present only to users who hold it', async () => {
    const bytes = randomBytes(4096);
    const hash = sha256Hex(bytes);
    expect((await alice.put(`/chunks/${hash}`, bytes)).status).toBe(201);
    expect((await alice.post('/chunks/missing', { hashes: [hash] })).body.missing).toEqual([]);
    expect((await bob.post('/chunks/missing', { hashes: [hash] })).body.missing).toEqual([hash]);
    expect((await bob.get(`/chunks/${hash}`)).status).toBe(404);
    const bobRoot = (await bob.get('/me')).body.rootFolderId;
    const claim = await bob.post('/files', {
      parentId: bobRoot,
      name: 'stolen.bin',
      size: bytes.length,
      sha256: hash,
      mtime: new Date().toISOString(),
      chunks: [{ sha256: hash, size: bytes.length }],
    });
    expect(claim.status).toBe(409);
    expect(claim.body.code).toBe('CHUNK_MISSING');
    // 201 for bob too: the answer never tells him that another user stored these bytes.
    expect((await bob.put(`/chunks/${hash}`, bytes)).status).toBe(201);
    expect((await bob.put(`/chunks/${hash}`, bytes)).status).toBe(200);
    expect((await bob.post('/chunks/missing', { hashes: [hash] })).body.missing).toEqual([]);
  });

  it('commits versions and serves them with Range', async () => {
    const first = [randomBytes(300_000), randomBytes(200_000)];
    const added = await alice.uploadFile({ parentId: root, name: 'data.bin' }, first);
    expect(added.status).toBe(201);
    const nodeId = added.body.node.id;
    expect(added.body.version.number).toBe(1);

    const whole = await alice.get(`/files/${nodeId}/content`);
    expect(Buffer.compare(whole.body, Buffer.concat(first))).toBe(0);

    const range = await alice.get(`/files/${nodeId}/content`, { range: 'bytes=299990-300009' });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe('bytes 299990-300009/500000');
    expect(Buffer.compare(range.body, Buffer.concat(first).subarray(299_990, 300_010))).toBe(0);

    const unsatisfiable = await alice.get(`/files/${nodeId}/content`, { range: 'bytes=600000-' });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.body.code).toBe('RANGE_NOT_SATISFIABLE');

    const second = [first[0], randomBytes(1000)];
    const committed = await alice.uploadFile(
      { nodeId, baseVersionId: added.body.version.id },
      second,
    );
    expect(committed.status).toBe(201);
    expect(committed.body.version.number).toBe(2);
    expect(committed.body.conflict).toBeNull();

    const versions = await alice.get(`/files/${nodeId}/versions`);
    expect(versions.body.items.map((version: { number: number }) => version.number)).toEqual([
      2, 1,
    ]);
    const old = await alice.get(`/files/${nodeId}/versions/${added.body.version.id}/content`);
    expect(Buffer.compare(old.body, Buffer.concat(first))).toBe(0);
    const detail = await alice.get(`/files/${nodeId}/versions/${added.body.version.id}`);
    expect(detail.body.chunks).toEqual([
      { sha256: sha256Hex(first[0]), size: 300_000, offset: 0 },
      { sha256: sha256Hex(first[1]), size: 200_000, offset: 300_000 },
    ]);
    expect((await bob.get(`/files/${nodeId}/content`)).status).toBe(404);

    const etag = (await alice.get(`/files/${nodeId}/content`)).headers.get('etag')!;
    const unchanged = await alice.get(`/files/${nodeId}/content`, { 'if-none-match': etag });
    expect([unchanged.status, unchanged.body.length]).toEqual([304, 0]);
    const stale = await alice.get(`/files/${nodeId}/versions/${added.body.version.id}/content`, {
      'if-none-match': etag,
    });
    expect(stale.status).toBe(200);
  });

  it('rejects a commit whose chunks do not hash to the file hash', async () => {
    const piece = randomBytes(100);
    await alice.put(`/chunks/${sha256Hex(piece)}`, piece);
    const commit = await alice.post('/files', {
      parentId: root,
      name: 'bad.bin',
      size: 100,
      sha256: sha256Hex(randomBytes(5)),
      mtime: new Date().toISOString(),
      chunks: [{ sha256: sha256Hex(piece), size: 100 }],
    });
    expect(commit.status).toBe(422);
    expect(commit.body.code).toBe('CHECKSUM_MISMATCH');
  });

  it('keeps both edits when a commit is based on an old version', async () => {
    const added = await alice.uploadFile({ parentId: root, name: 'notes.txt' }, [
      Buffer.from('v1'),
    ]);
    const base = added.body.version.id;
    const nodeId = added.body.node.id;
    const mine = await alice.uploadFile({ nodeId, baseVersionId: base }, [Buffer.from('mine')]);
    expect(mine.body.conflict).toBeNull();
    const theirs = await alice.uploadFile({ nodeId, baseVersionId: base }, [Buffer.from('theirs')]);
    expect(theirs.status).toBe(201);
    expect(theirs.body.conflict.originalNodeId).toBe(nodeId);
    expect(theirs.body.node.name).toMatch(
      /^notes \(conflicted copy \d{4}-\d\d-\d\d \d{6} alice\)\.txt$/,
    );
    expect((await alice.get(`/files/${nodeId}/content`)).body.toString()).toBe('mine');
    expect((await alice.get(`/files/${theirs.body.node.id}/content`)).body.toString()).toBe(
      'theirs',
    );
  });

  it('rejects bodies of the wrong media type with 415', async () => {
    const bytes = Buffer.from('{"a":1}');
    const chunk = await fetch(`${server.url}/api/v1/chunks/${sha256Hex(bytes)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: bytes,
    });
    expect(chunk.status).toBe(415);
    const form = await fetch(`${server.url}/api/v1/folders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'text/plain' },
      body: 'parentId=x',
    });
    expect(form.status).toBe(415);
    expect(form.headers.get('content-type')).toContain('application/problem+json');
    expect(form.headers.get('x-request-id')).toBeTruthy();
  });

  it('ignores a token in the query string', async () => {
    const response = await fetch(`${server.url}/api/v1/me?access_token=${alice.token}`);
    expect(response.status).toBe(401);
  });

  it('rejects names with an unpaired surrogate', async () => {
    const lone = await alice.post('/folders', { parentId: root, name: 's\ud800t' });
    expect(lone.status).toBe(400);
    expect(lone.body.code).toBe('INVALID_NAME');
  });

  it('answers 500, not a cut connection, when a stored chunk is gone', async () => {
    const bytes = randomBytes(2048);
    const added = await alice.uploadFile({ parentId: root, name: 'lost.bin' }, [bytes]);
    const { rm } = await import('node:fs/promises');
    const hash = sha256Hex(bytes);
    await rm(`${server.dataDir}/chunks/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`);
    const lost = await alice.get(`/files/${added.body.node.id}/content`);
    expect(lost.status).toBe(500);
  });

  it('stores empty files', async () => {
    const empty = await alice.uploadFile({ parentId: root, name: 'empty.txt' }, []);
    expect(empty.status).toBe(201);
    expect(empty.body.version.size).toBe(0);
    const content = await alice.get(`/files/${empty.body.node.id}/content`);
    expect(content.status).toBe(200);
    expect(content.body.length).toBe(0);
  });
});
