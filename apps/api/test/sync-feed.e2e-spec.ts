import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('sync change feed', () => {
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

  async function drain(cursor: string | undefined, limit = 500) {
    const changes = [];
    for (;;) {
      const query = cursor ? `?cursor=${cursor}&limit=${limit}` : `?limit=${limit}`;
      const page = await alice.get(`/sync/changes${query}`);
      expect(page.status).toBe(200);
      changes.push(...page.body.changes);
      cursor = page.body.cursor;
      if (!page.body.hasMore) return { changes, cursor: cursor! };
    }
  }

  it('lists the drive, then returns each later change once, in order', async () => {
    const docs = await alice.post('/folders', { parentId: root, name: 'Docs' });
    for (let index = 0; index < 7; index++) {
      await alice.uploadFile({ parentId: docs.body.id, name: `f${index}.txt` }, [
        Buffer.from(`${index}`),
      ]);
    }
    const listing = await drain(undefined, 3);
    expect(listing.changes).toHaveLength(8);
    expect(listing.changes[0].node.path).toBe('/Docs');
    expect(
      new Set(listing.changes.map((change: { node: { id: string } }) => change.node.id)).size,
    ).toBe(8);

    const empty = await drain(listing.cursor);
    expect(empty.changes).toEqual([]);

    await alice.patch(`/nodes/${docs.body.id}`, { name: 'Papers' });
    const file = await alice.get('/nodes?path=/Papers/f1.txt');
    await alice.delete(`/nodes/${file.body.id}`);
    const later = await drain(empty.cursor, 1);
    expect(later.changes).toEqual([
      expect.objectContaining({
        op: 'upsert',
        previousPath: '/Docs',
        node: expect.objectContaining({ path: '/Papers' }),
      }),
      expect.objectContaining({ op: 'delete', nodeId: file.body.id, path: '/Papers/f1.txt' }),
    ]);
  });

  it('rejects malformed, foreign and future cursors with 400', async () => {
    const malformed = await alice.get('/sync/changes?cursor=%%%');
    expect(malformed.status).toBe(400);
    const { cursor } = await drain(undefined);
    const bob = alice.withToken(await server.token('bob'));
    const foreign = await bob.get(`/sync/changes?cursor=${cursor}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.detail).toContain('another user');
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    decoded.p = '999999999/999999999';
    const future = Buffer.from(JSON.stringify(decoded)).toString('base64url');
    const ahead = await alice.get(`/sync/changes?cursor=${future}`);
    expect(ahead.status).toBe(400);
    expect(ahead.body.detail).toContain('ahead');
    expect((await alice.get('/sync/changes?limit=0')).status).toBe(400);
  });

  it('long-polls until a change arrives', async () => {
    const { cursor } = await drain(undefined);
    const started = Date.now();
    const poll = alice.get(`/sync/changes?cursor=${cursor}&wait=20`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await alice.post('/folders', { parentId: root, name: 'Woken' });
    const page = await poll;
    const elapsed = Date.now() - started;
    expect(page.status).toBe(200);
    expect(page.body.changes.map((change: any) => change.node?.name)).toEqual(['Woken']);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('ends an idle long-poll after the wait, ignoring other users’ changes', async () => {
    const { cursor } = await drain(undefined);
    const bob = alice.withToken(await server.token('bob'));
    const bobRoot = (await bob.get('/me')).body.rootFolderId;
    const started = Date.now();
    const poll = alice.get(`/sync/changes?cursor=${cursor}&wait=2`);
    await bob.post('/folders', { parentId: bobRoot, name: 'Elsewhere' });
    const page = await poll;
    expect(page.body.changes).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    const next = await alice.get(`/sync/changes?cursor=${page.body.cursor}`);
    expect(next.body.changes).toEqual([]);
  });

  it('rejects a wait outside 0 to 55 seconds', async () => {
    expect((await alice.get('/sync/changes?wait=56')).status).toBe(400);
    expect((await alice.get('/sync/changes?wait=-1')).status).toBe(400);
  });
});
