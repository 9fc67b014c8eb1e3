import { signDevToken } from '@scaidrive/auth';
import { HttpClient, sha256Hex, startTestServer, type TestServer } from '@scaidrive/testing';

const INHERIT = ['OBJECT', 'CONTAINER'];

describe('access control entries', () => {
  let server: TestServer;
  let alice: HttpClient;
  let bob: HttpClient;
  let bobId: string;
  let share: { shareId: string; treeId: string; rootFolderId: string };

  const denyBob = () => ({
    principal: { kind: 'user', id: bobId },
    type: 'deny',
    rights: ['LIST', 'READ'],
    inheritance: INHERIT,
  });

  async function folder(parentId: string, name: string): Promise<string> {
    const created = await alice.post('/folders', { parentId, name });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function file(parentId: string, name: string, text = name) {
    const added = await alice.uploadFile({ parentId, name }, [Buffer.from(text)]);
    expect(added.status).toBe(201);
    return added.body.node.id as string;
  }

  async function names(client: HttpClient, folderId: string): Promise<string[]> {
    const listed = await client.get(`/folders/${folderId}/children`);
    expect(listed.status).toBe(200);
    return listed.body.items.map((item: any) => item.name);
  }

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
    bob = new HttpClient(server.url, await server.token('bob'));
    await alice.get('/me');
    bobId = (await bob.get('/me')).body.userId;
    share = (await alice.post('/shares', { name: 'Team' })).body;
    await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'contributor' });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('hides a denied folder and everything below it, everywhere', async () => {
    const secret = await folder(share.rootFolderId, 'Secret');
    const inside = await file(secret, 'plan.txt');
    await file(share.rootFolderId, 'open.txt');
    const set = await alice.put(`/nodes/${secret}/security`, { entries: [denyBob()] });
    expect(set.status).toBe(200);
    expect(set.body.entries).toEqual([denyBob()]);

    expect(await names(bob, share.rootFolderId)).not.toContain('Secret');
    const byPath = `/nodes?path=/Secret/plan.txt&tree=${share.treeId}`;
    expect((await bob.get(byPath)).status).toBe(404);
    expect((await alice.get(byPath)).status).toBe(200);
    expect(await names(bob, share.rootFolderId)).toContain('open.txt');
    expect((await bob.get(`/nodes/${secret}`)).status).toBe(404);
    expect((await bob.get(`/files/${inside}/content`)).status).toBe(404);
    expect((await bob.post('/folders', { parentId: secret, name: 'x' })).status).toBe(404);
    expect((await bob.delete(`/nodes/${inside}`)).status).toBe(404);
    const feed = await bob.get(`/sync/changes?tree=${share.treeId}&limit=1000`);
    const paths = feed.body.changes.map((change: any) => change.node.path);
    expect(paths).toContain('/open.txt');
    expect(paths.filter((path: string) => path.startsWith('/Secret'))).toEqual([]);
  });

  it('lets a child allow beat an inherited deny', async () => {
    const closed = await folder(share.rootFolderId, 'Closed');
    const visible = await file(closed, 'visible.txt', 'hello');
    await alice.put(`/nodes/${closed}/security`, { entries: [denyBob()] });
    const allow = {
      principal: { kind: 'user', id: bobId },
      type: 'allow',
      rights: ['READ'],
      inheritance: [],
    };
    expect((await alice.put(`/nodes/${visible}/security`, { entries: [allow] })).status).toBe(200);
    const content = await bob.get(`/files/${visible}/content`);
    expect([content.status, content.body.toString()]).toEqual([200, 'hello']);

    const why = await alice.get(`/nodes/${visible}/permissions?principal=user:${bobId}`);
    expect(why.status).toBe(200);
    const decided = Object.fromEntries(
      why.body.decisions.map((decision: any) => [decision.right, decision]),
    );
    expect(decided.READ).toMatchObject({ allowed: true, reason: { kind: 'entry', type: 'allow' } });
    expect(decided.LIST).toMatchObject({
      allowed: false,
      reason: { kind: 'entry', type: 'deny', inherited: true, nodeId: closed },
    });
    expect(decided.WRITE).toMatchObject({ allowed: true, reason: { kind: 'share-role' } });
  });

  it('refuses permission changes to those without the right, with 403', async () => {
    const target = await folder(share.rootFolderId, 'Guarded');
    expect((await bob.get(`/nodes/${target}/security`)).status).toBe(200);
    const attempt = await bob.put(`/nodes/${target}/security`, { entries: [] });
    expect(attempt.status).toBe(403);
    expect(attempt.body.detail).toMatch(/CHANGE_PERMISSIONS/);
    const own = (await bob.get(`/nodes/${target}/permissions`)).body;
    expect(own.rights).toEqual(expect.arrayContaining(['LIST', 'READ', 'WRITE', 'CREATE']));
    expect(own.rights).not.toContain('CHANGE_PERMISSIONS');
  });

  it('blocks inheritance, copying or dropping what was inherited', async () => {
    const dropped = await folder(share.rootFolderId, 'Dropped');
    const blocked = await alice.put(`/nodes/${dropped}/security`, {
      protected: true,
      entries: [],
      inheritedEntries: 'drop',
    });
    expect(blocked.body).toMatchObject({ protected: true, entries: [], acl: [] });
    expect(await names(bob, share.rootFolderId)).not.toContain('Dropped');

    const copied = await folder(share.rootFolderId, 'Copied');
    const kept = await alice.put(`/nodes/${copied}/security`, {
      protected: true,
      entries: [],
      inheritedEntries: 'copy',
    });
    const roles = kept.body.entries.map((entry: any) => entry.principal.role);
    expect(roles).toEqual(['owner', 'admin', 'contributor', 'reader']);
    expect(await names(bob, share.rootFolderId)).toContain('Copied');
  });

  it('recomputes what a moved node inherits from its new parent', async () => {
    const vault = await folder(share.rootFolderId, 'Vault');
    await alice.put(`/nodes/${vault}/security`, { entries: [denyBob()] });
    const note = await file(share.rootFolderId, 'note.txt');
    expect((await bob.get(`/files/${note}/content`)).status).toBe(200);
    const moved = await alice.patch(`/nodes/${note}`, { parentId: vault });
    expect(moved.status).toBe(200);
    expect((await bob.get(`/files/${note}/content`)).status).toBe(404);
  });

  it('delivers removals and additions in the feed when access changes', async () => {
    const project = await folder(share.rootFolderId, 'Project');
    const sub = await folder(project, 'Sub');
    for (let index = 0; index < 30; index++) await file(sub, `f${index}.txt`);
    const start = await bob.get(`/sync/changes?tree=${share.treeId}&limit=1000`);
    let cursor = start.body.cursor;

    async function drain(): Promise<any[]> {
      const changes: any[] = [];
      for (;;) {
        const page = await bob.get(
          `/sync/changes?tree=${share.treeId}&cursor=${cursor}&limit=7&wait=5`,
        );
        expect(page.status).toBe(200);
        changes.push(...page.body.changes);
        cursor = page.body.cursor;
        if (!page.body.hasMore) return changes;
      }
    }

    await alice.put(`/nodes/${project}/security`, { entries: [denyBob()] });
    const removed = await drain();
    expect(removed.every((change) => change.op === 'delete')).toBe(true);
    expect(removed.map((change) => change.path).sort()).toEqual(
      [
        '/Project',
        '/Project/Sub',
        ...Array.from({ length: 30 }, (_, i) => `/Project/Sub/f${i}.txt`),
      ].sort(),
    );

    await alice.put(`/nodes/${project}/security`, { entries: [] });
    const added = await drain();
    expect(added.every((change) => change.op === 'upsert')).toBe(true);
    expect(added).toHaveLength(32);
    // Parents come before their children, so a client can create them in order.
    expect(added[0].node.path).toBe('/Project');
  });

  it('hides chunks and conflicts of hidden files', async () => {
    const sealed = await folder(share.rootFolderId, 'Sealed');
    const content = Buffer.from('sealed content only alice reads');
    const added = await alice.uploadFile({ parentId: sealed, name: 'note.txt' }, [content]);
    const nodeId = added.body.node.id;
    const base = added.body.version.id;
    await alice.uploadFile({ nodeId, baseVersionId: base }, [Buffer.from('second')]);
    const held = await alice.uploadFile({ nodeId, baseVersionId: base }, [Buffer.from('third')]);
    const stale = await alice.post(`/files/${nodeId}/versions`, {
      size: 5,
      sha256: sha256Hex(Buffer.from('third')),
      mtime: new Date().toISOString(),
      chunks: [{ sha256: sha256Hex(Buffer.from('third')), size: 5 }],
      baseVersionId: base,
      conflictStrategy: 'MANUAL',
    });
    expect([held.status, stale.status]).toEqual([201, 201]);
    const conflictId = stale.body.conflict.conflictId;
    expect((await bob.get(`/conflicts/${conflictId}`)).status).toBe(200);
    await alice.put(`/nodes/${sealed}/security`, { entries: [denyBob()] });

    const hash = sha256Hex(content);
    expect((await bob.get(`/chunks/${hash}`)).status).toBe(404);
    expect((await bob.post('/chunks/missing', { hashes: [hash] })).body.missing).toEqual([hash]);
    expect((await alice.get(`/chunks/${hash}`)).status).toBe(200);
    expect((await bob.get(`/conflicts/${conflictId}`)).status).toBe(404);
    const listed = (await bob.get('/conflicts?status=all')).body.items;
    expect(listed.map((item: any) => item.id)).not.toContain(conflictId);
    const taken = await bob.post('/folders', { parentId: share.rootFolderId, name: 'Sealed' });
    expect([taken.status, taken.body.existingNodeId]).toEqual([409, undefined]);
  });

  it('lets an admin take ownership of a node that hides itself from everyone', async () => {
    const lost = await folder(share.rootFolderId, 'Lost');
    await alice.put(`/nodes/${lost}/security`, {
      protected: true,
      entries: [],
      inheritedEntries: 'drop',
    });
    const carol = new HttpClient(server.url, await server.token('carol'));
    const carolId = (await carol.get('/me')).body.userId;
    await alice.put(`/shares/${share.shareId}/members/user/${carolId}`, { role: 'admin' });
    expect((await carol.get(`/nodes/${lost}`)).status).toBe(404);
    const others = await bob.put(`/nodes/${lost}/security`, {
      owner: { kind: 'user', id: bobId },
      entries: [],
    });
    expect(others.status).toBe(404);
    const recovered = await carol.put(`/nodes/${lost}/security`, {
      owner: { kind: 'user', id: carolId },
      protected: false,
      entries: [],
    });
    expect(recovered.status).toBe(200);
    expect(recovered.body.owner).toEqual({ kind: 'user', id: carolId });
    expect((await bob.get(`/nodes/${lost}`)).status).toBe(200);
  });

  it('rejects malformed entries and principals of other tenants with 400', async () => {
    const target = await folder(share.rootFolderId, 'Input');
    const doc = await file(target, 'doc.txt');
    const bad = [
      { entries: [{ ...denyBob(), rights: ['FLY'] }] },
      { entries: [{ ...denyBob(), type: 'maybe' }] },
      { entries: 'all' },
      { entries: [{ ...denyBob(), principal: { kind: 'user', id: 'nobody' } }] },
      { entries: [], owner: { kind: 'role', role: 'owner' } },
      { entries: [], inheritedEntries: 'keep' },
    ];
    for (const body of bad) {
      const answer = await alice.put(`/nodes/${target}/security`, body);
      expect([answer.status, answer.headers.get('content-type')]).toEqual([
        400,
        expect.stringContaining('application/problem+json'),
      ]);
    }
    const onFile = await alice.put(`/nodes/${doc}/security`, { entries: [denyBob()] });
    expect(onFile.status).toBe(400);
    expect(onFile.body.detail).toMatch(/file/);

    const eve = new HttpClient(server.url, await server.token('eve', 'other'));
    const eveId = (await eve.get('/me')).body.userId;
    const foreign = await alice.put(`/nodes/${target}/security`, {
      entries: [{ ...denyBob(), principal: { kind: 'user', id: eveId } }],
    });
    expect(foreign.status).toBe(400);
    expect((await eve.get(`/nodes/${target}/security`)).status).toBe(404);
    expect((await eve.get(`/nodes/${target}/permissions`)).status).toBe(404);
    const admin = await signDevToken({
      dataDir: server.dataDir,
      user: 'eve-admin',
      tenant: 'other',
      roles: ['tenant-admin'],
    });
    const other = new HttpClient(server.url, admin);
    expect((await other.put(`/nodes/${target}/security`, { entries: [] })).status).toBe(404);
    expect((await alice.get(`/nodes/${target}/permissions?principal=wizard`)).status).toBe(400);
  });
});
