import { HttpClient, sha256Hex, startTestServer, type TestServer } from '@scaidrive/testing';

describe('null for fields that are not nullable', () => {
  let server: TestServer;
  let alice: HttpClient;
  let root: string;
  let driveId: string;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
    const me = (await alice.get('/me')).body;
    root = me.rootFolderId;
    driveId = me.driveId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  let folderId: string;

  beforeAll(async () => {
    folderId = (await alice.post('/folders', { parentId: root, name: 'NullChecks' })).body.id;
  });

  it.each([{ name: null }, { parentId: null }, { name: 'Renamed', parentId: null }])(
    'rejects PATCH of a node with %j',
    async (body) => {
      const answer = await alice.patch(`/nodes/${folderId}`, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('INVALID_ARGUMENT');
    },
  );

  it('rejects a commit with conflictStrategy null', async () => {
    const answer = await alice.post('/files', {
      parentId: root,
      name: 'null-strategy.txt',
      size: 0,
      sha256: sha256Hex(Buffer.alloc(0)),
      mtime: new Date().toISOString(),
      chunks: [],
      conflictStrategy: null,
    });
    expect(answer.status).toBe(400);
  });

  it.each([{ defaultConflictStrategy: null }, { caseSensitiveNames: null }])(
    'rejects tenant settings %j',
    async (body) => {
      expect((await alice.patch('/tenant/settings', body)).status).toBe(400);
    },
  );

  it('rejects a retention policy with trashDays null', async () => {
    const answer = await alice.put(`/drives/${driveId}/retention`, { trashDays: null });
    expect(answer.status).toBe(400);
  });

  it('still accepts the nullable keepDays', async () => {
    const answer = await alice.put(`/drives/${driveId}/retention`, { keepDays: null });
    expect(answer.status).toBe(200);
  });
});
