import {
  HttpClient,
  runCli,
  sha256Hex,
  startTestServer,
  type TestServer,
} from '@scaidrive/testing';

describe('conflicts', () => {
  let server: TestServer;
  let alice: HttpClient;
  let root: string;
  let counter = 0;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
    root = (await alice.get('/me')).body.rootFolderId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** Adds a file, commits "head" on it, and returns the file with its first version as base. */
  async function raced(parentId = root) {
    const name = `doc${++counter}.txt`;
    const added = await alice.uploadFile({ parentId, name }, [Buffer.from(`base ${counter}`)]);
    const base = added.body.version.id;
    const nodeId = added.body.node.id;
    await alice.uploadFile({ nodeId, baseVersionId: base }, [Buffer.from(`head ${counter}`)]);
    return { nodeId, base, name };
  }

  async function commitStale(nodeId: string, base: string, strategy?: string, content = 'mine') {
    const bytes = Buffer.from(`${content} ${counter}`);
    await alice.put(`/chunks/${sha256Hex(bytes)}`, bytes);
    const body = {
      size: bytes.length,
      sha256: sha256Hex(bytes),
      mtime: new Date(Date.now() + 60_000).toISOString(),
      chunks: [{ sha256: sha256Hex(bytes), size: bytes.length }],
      baseVersionId: base,
      ...(strategy ? { conflictStrategy: strategy } : {}),
    };
    return alice.post(`/files/${nodeId}/versions`, body);
  }

  async function text(nodeId: string) {
    return (await alice.get(`/files/${nodeId}/content`)).body.toString();
  }

  it('keeps both by default', async () => {
    const { nodeId, base } = await raced();
    const answer = await commitStale(nodeId, base);
    expect(answer.status).toBe(201);
    expect(answer.body.conflict).toMatchObject({ strategy: 'KEEP_BOTH', resolution: 'KEPT_BOTH' });
    expect(await text(nodeId)).toBe(`head ${counter}`);
    expect(await text(answer.body.conflict.copyNodeId)).toBe(`mine ${counter}`);
  });

  it('takes the incoming content with CLIENT_WINS and keeps the head in the history', async () => {
    const { nodeId, base } = await raced();
    const answer = await commitStale(nodeId, base, 'CLIENT_WINS');
    expect(answer.body.conflict).toMatchObject({ resolution: 'TOOK_INCOMING' });
    expect(await text(nodeId)).toBe(`mine ${counter}`);
    const versions = (await alice.get(`/files/${nodeId}/versions`)).body.items;
    expect(versions.map((version: any) => version.number)).toEqual([3, 2, 1]);
  });

  it('keeps the head with SERVER_WINS and the incoming content as a rejected version', async () => {
    const { nodeId, base } = await raced();
    const answer = await commitStale(nodeId, base, 'SERVER_WINS');
    expect(answer.body.conflict).toMatchObject({ resolution: 'KEPT_HEAD' });
    expect(await text(nodeId)).toBe(`head ${counter}`);
    const incoming = answer.body.conflict.incomingVersionId;
    const kept = await alice.get(`/files/${nodeId}/versions/${incoming}/content`);
    expect(kept.body.toString()).toBe(`mine ${counter}`);
  });

  it('lets the later mtime win with LAST_WRITER_WINS', async () => {
    const { nodeId, base } = await raced();
    const answer = await commitStale(nodeId, base, 'LAST_WRITER_WINS');
    expect(answer.body.conflict).toMatchObject({
      strategy: 'LAST_WRITER_WINS',
      resolution: 'TOOK_INCOMING',
    });
    expect(await text(nodeId)).toBe(`mine ${counter}`);
  });

  it('holds a MANUAL conflict open, shows it in the feed and resolves it', async () => {
    const cursor = (await alice.get('/sync/changes?limit=1000')).body.cursor;
    for (const decision of ['KEEP_HEAD', 'TAKE_INCOMING', 'KEEP_BOTH']) {
      const { nodeId, base } = await raced();
      const answer = await commitStale(nodeId, base, 'MANUAL');
      expect(answer.body.conflict).toMatchObject({ status: 'open', strategy: 'MANUAL' });
      const conflictId = answer.body.conflict.conflictId;
      expect(await text(nodeId)).toBe(`head ${counter}`);
      const open = (await alice.get('/conflicts')).body.items;
      expect(open.map((conflict: any) => conflict.id)).toContain(conflictId);
      const pending = answer.body.conflict.incomingVersionId;
      expect(
        (await alice.get(`/files/${nodeId}/versions/${pending}/content`)).body.toString(),
      ).toBe(`mine ${counter}`);

      const resolved = await alice.post(`/conflicts/${conflictId}/resolve`, { decision });
      expect(resolved.status).toBe(200);
      expect(resolved.body.status).toBe('resolved');
      const expectedHead = decision === 'TAKE_INCOMING' ? `mine ${counter}` : `head ${counter}`;
      expect(await text(nodeId)).toBe(expectedHead);
      if (decision === 'KEEP_BOTH')
        expect(await text(resolved.body.copyNodeId)).toBe(`mine ${counter}`);
      const again = await alice.post(`/conflicts/${conflictId}/resolve`, { decision });
      expect(again.status).toBe(404);
    }
    const feed = (await alice.get(`/sync/changes?cursor=${cursor}&limit=1000`)).body.changes;
    const conflicts = feed.filter((change: any) => change.op === 'conflict');
    expect(conflicts.map((change: any) => change.conflict.status)).toEqual([
      'open',
      'resolved',
      'open',
      'resolved',
      'open',
      'resolved',
    ]);
  });

  it('brings back a file deleted while it was edited', async () => {
    const folder = await alice.post('/folders', { parentId: root, name: `Gone${counter}` });
    const { nodeId, base, name } = await raced(folder.body.id);
    const head = (await alice.get(`/nodes/${nodeId}`)).body.version.id;
    await alice.delete(`/nodes/${folder.body.id}`);
    const answer = await commitStale(nodeId, head, 'SERVER_WINS');
    expect(answer.status).toBe(201);
    expect(answer.body.conflict).toMatchObject({ resolution: 'RESTORED' });
    expect(answer.body.node.path).toBe(`/${name}`);
    expect(await text(answer.body.node.id)).toBe(`mine ${counter}`);
    expect(base).toBeDefined();
  });

  it('keeps an edit of a file renamed and moved meanwhile', async () => {
    const target = await alice.post('/folders', { parentId: root, name: `Moved${counter}` });
    const added = await alice.uploadFile({ parentId: root, name: `m${counter}.txt` }, [
      Buffer.from('v1'),
    ]);
    const nodeId = added.body.node.id;
    await alice.patch(`/nodes/${nodeId}`, {
      name: `renamed${counter}.txt`,
      parentId: target.body.id,
    });
    const answer = await commitStale(nodeId, added.body.version.id);
    expect(answer.body.conflict).toBeNull();
    expect(answer.body.node.path).toBe(`/Moved${counter}/renamed${counter}.txt`);
    expect(await text(nodeId)).toBe(`mine ${counter}`);
  });

  it('rejects an unknown strategy', async () => {
    const { nodeId, base } = await raced();
    expect((await commitStale(nodeId, base, 'COIN_FLIP')).status).toBe(400);
  });

  it('lists and resolves conflicts from the CLI', async () => {
    const { nodeId, base } = await raced();
    const answer = await commitStale(nodeId, base, 'MANUAL');
    const conflictId = answer.body.conflict.conflictId;
    const env = { SCAIDRIVE_SERVER: server.url, SCAIDRIVE_TOKEN: alice.token! };
    const listed = await runCli(['conflicts', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout).map((item: any) => item.id)).toContain(conflictId);
    const resolved = await runCli(['conflicts', 'resolve', conflictId, '--keep', 'incoming'], env);
    expect(resolved.stdout).toContain('TOOK_INCOMING');
    expect(await text(nodeId)).toBe(`mine ${counter}`);
  });
});
