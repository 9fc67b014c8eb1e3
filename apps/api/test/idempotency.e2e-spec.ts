import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('Idempotency-Key', () => {
  let server: TestServer;
  let alice: HttpClient;
  let root: string;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
    root = (await alice.get('/me')).body.rootFolderId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function childNames(): Promise<string[]> {
    return (await alice.get(`/folders/${root}/children`)).body.items.map((node: any) => node.name);
  }

  it('answers a retry with the first response and writes once', async () => {
    const headers = { 'idempotency-key': 'create-reports-1' };
    const first = await alice.post('/folders', { parentId: root, name: 'Reports' }, headers);
    const retry = await alice.post('/folders', { parentId: root, name: 'Reports' }, headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await childNames()).filter((name) => name === 'Reports')).toHaveLength(1);
  });

  it('runs concurrent duplicates once', async () => {
    const headers = { 'idempotency-key': 'create-race-1' };
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        alice.post('/folders', { parentId: root, name: 'Once' }, headers),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect((await childNames()).filter((name) => name === 'Once')).toHaveLength(1);
  });

  it('rejects a key reused for a different request', async () => {
    const headers = { 'idempotency-key': 'reused-1' };
    await alice.post('/folders', { parentId: root, name: 'First' }, headers);
    const other = await alice.post('/folders', { parentId: root, name: 'Second' }, headers);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('lets a retry run again after the first attempt failed', async () => {
    const headers = { 'idempotency-key': 'fails-first-1' };
    await alice.post('/folders', { parentId: root, name: 'Taken' });
    const failed = await alice.post('/folders', { parentId: root, name: 'Taken' }, headers);
    expect(failed.status).toBe(409);
    const again = await alice.post('/folders', { parentId: root, name: 'Taken' }, headers);
    expect(again.status).toBe(409);
  });

  it('replays a delete instead of answering 404', async () => {
    const folder = await alice.post('/folders', { parentId: root, name: 'Doomed' });
    const headers = { 'idempotency-key': 'delete-doomed-1' };
    expect((await alice.delete(`/nodes/${folder.body.id}`, headers)).status).toBe(204);
    expect((await alice.delete(`/nodes/${folder.body.id}`, headers)).status).toBe(204);
    expect((await alice.delete(`/nodes/${folder.body.id}`)).status).toBe(404);
  });

  it('keeps keys apart per user', async () => {
    const bob = alice.withToken(await server.token('bob'));
    const bobRoot = (await bob.get('/me')).body.rootFolderId;
    const headers = { 'idempotency-key': 'shared-key-1' };
    const mine = await alice.post('/folders', { parentId: root, name: 'Mine' }, headers);
    const his = await bob.post('/folders', { parentId: bobRoot, name: 'His' }, headers);
    expect(his.status).toBe(201);
    expect(his.body.id).not.toBe(mine.body.id);
  });
});
