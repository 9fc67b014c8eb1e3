import { signDevToken } from '@scaidrive/auth';
import { HttpClient, sha256Hex, startTestServer, type TestServer } from '@scaidrive/testing';

describe('shares and groups', () => {
  let server: TestServer;
  let alice: HttpClient;
  let bob: HttpClient;
  let carol: HttpClient;
  let admin: HttpClient;
  let bobId: string;
  let carolId: string;

  async function client(user: string, extra: { roles?: string[]; groups?: string[] } = {}) {
    const token = await signDevToken({ dataDir: server.dataDir, user, ...extra });
    return new HttpClient(server.url, token);
  }

  async function createShare(name: string) {
    const created = await alice.post('/shares', { name });
    expect(created.status).toBe(201);
    return created.body as { shareId: string; treeId: string; rootFolderId: string };
  }

  beforeAll(async () => {
    server = await startTestServer();
    alice = await client('alice');
    bob = await client('bob');
    carol = await client('carol');
    admin = await client('root', { roles: ['tenant-admin'] });
    await alice.get('/me');
    bobId = (await bob.get('/me')).body.userId;
    carolId = (await carol.get('/me')).body.userId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('gives a new share its own tree, owned by its creator', async () => {
    const share = await createShare('Finance');
    expect(share).toMatchObject({ name: 'Finance', role: 'owner' });
    const members = (await alice.get(`/shares/${share.shareId}/members`)).body.items;
    expect(members).toEqual([
      expect.objectContaining({ role: 'owner', member: expect.objectContaining({ kind: 'user' }) }),
    ]);
    const listed = (await alice.get('/shares')).body.items.map((item: any) => item.shareId);
    expect(listed).toContain(share.shareId);
    const folder = await alice.post('/folders', { parentId: share.rootFolderId, name: 'Q1' });
    expect(folder.status).toBe(201);
  });

  it('hides a share and its nodes from users who are not members', async () => {
    const share = await createShare('Hidden');
    const file = await alice.uploadFile({ parentId: share.rootFolderId, name: 'a.txt' }, [
      Buffer.from('secret'),
    ]);
    expect(file.status).toBe(201);
    expect((await bob.get(`/shares/${share.shareId}`)).status).toBe(404);
    expect((await bob.get(`/folders/${share.rootFolderId}/children`)).status).toBe(404);
    expect((await bob.get(`/nodes/${file.body.node.id}`)).status).toBe(404);
    expect((await bob.get(`/files/${file.body.node.id}/content`)).status).toBe(404);
    expect((await bob.get(`/sync/changes?tree=${share.treeId}`)).status).toBe(404);
    expect((await bob.get('/shares')).body.items).toEqual([]);
    // Holding the bytes proves nothing: bob cannot get the chunk counted as his.
    const missing = await bob.post('/chunks/missing', {
      hashes: [sha256Hex(Buffer.from('secret'))],
    });
    expect(missing.body.missing).toHaveLength(1);
  });

  it('lets each role do what it grants and refuses the rest with 403', async () => {
    const share = await createShare('Roles');
    const file = await alice.uploadFile({ parentId: share.rootFolderId, name: 'plan.txt' }, [
      Buffer.from('v1'),
    ]);
    const nodeId = file.body.node.id;
    const added = await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, {
      role: 'reader',
    });
    expect(added.status).toBe(200);

    expect((await bob.get(`/folders/${share.rootFolderId}/children`)).body.items).toHaveLength(1);
    const content = await bob.get(`/files/${nodeId}/content`);
    expect([content.status, content.body.toString()]).toEqual([200, 'v1']);
    expect((await bob.get(`/files/${nodeId}/versions`)).status).toBe(200);
    const refused = [
      await bob.post('/folders', { parentId: share.rootFolderId, name: 'x' }),
      await bob.uploadFile({ parentId: share.rootFolderId, name: 'b.txt' }, [Buffer.from('b')]),
      await bob.uploadFile({ nodeId, baseVersionId: file.body.version.id }, [Buffer.from('v2')]),
      await bob.patch(`/nodes/${nodeId}`, { name: 'renamed.txt' }),
      await bob.delete(`/nodes/${nodeId}`),
      await bob.patch(`/shares/${share.shareId}`, { name: 'Mine' }),
      await bob.put(`/shares/${share.shareId}/members/user/${carolId}`, { role: 'reader' }),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }

    await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'contributor' });
    const folder = await bob.post('/folders', { parentId: share.rootFolderId, name: 'bob' });
    expect(folder.status).toBe(201);
    const edit = await bob.uploadFile({ nodeId, baseVersionId: file.body.version.id }, [
      Buffer.from('v2'),
    ]);
    expect(edit.status).toBe(201);
    expect((await bob.patch(`/nodes/${nodeId}`, { name: 'renamed.txt' })).status).toBe(200);
    expect((await bob.delete(`/nodes/${folder.body.id}`)).status).toBeLessThan(300);
    // Contributors change content, not membership.
    const grant = await bob.put(`/shares/${share.shareId}/members/user/${carolId}`, {
      role: 'reader',
    });
    expect(grant.status).toBe(403);

    await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'admin' });
    expect(
      (await bob.put(`/shares/${share.shareId}/members/user/${carolId}`, { role: 'reader' }))
        .status,
    ).toBe(200);
    // An admin manages members but cannot make owners or delete the share.
    const owner = await bob.put(`/shares/${share.shareId}/members/user/${carolId}`, {
      role: 'owner',
    });
    expect(owner.status).toBe(403);
    expect((await bob.delete(`/shares/${share.shareId}`)).status).toBe(403);
  });

  it('checks versions, trash, conflicts and retention against the role', async () => {
    const share = await createShare('Points');
    await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'reader' });
    const added = await alice.uploadFile({ parentId: share.rootFolderId, name: 'doc.txt' }, [
      Buffer.from('one'),
    ]);
    const nodeId = added.body.node.id;
    const first = added.body.version.id;
    await alice.uploadFile({ nodeId, baseVersionId: first }, [Buffer.from('two')]);
    const restore = `/files/${nodeId}/versions/${first}/restore`;
    expect((await bob.post(restore)).status).toBe(403);

    const held = await alice.post(`/files/${nodeId}/versions`, {
      size: 3,
      sha256: sha256Hex(Buffer.from('one')),
      mtime: new Date().toISOString(),
      chunks: [{ sha256: sha256Hex(Buffer.from('one')), size: 3 }],
      baseVersionId: first,
      conflictStrategy: 'MANUAL',
    });
    expect(held.status).toBe(201);
    const conflicts = (await bob.get('/conflicts')).body.items;
    const conflictId = conflicts.find((item: any) => item.nodeId === nodeId).id;
    const resolve = `/conflicts/${conflictId}/resolve`;
    expect((await bob.post(resolve, { decision: 'KEEP_HEAD' })).status).toBe(403);
    expect((await alice.post(resolve, { decision: 'KEEP_HEAD' })).status).toBe(200);

    const retention = `/drives/${share.treeId}/retention`;
    const policy = { keepVersions: 5, keepDays: null, trashDays: 30 };
    expect((await bob.put(retention, policy)).status).toBe(403);
    expect((await alice.put(retention, policy)).status).toBe(200);

    expect((await alice.delete(`/nodes/${nodeId}`)).status).toBeLessThan(300);
    const trash = (await bob.get('/trash')).body.items.map((item: any) => item.id);
    expect(trash).toContain(nodeId);
    expect((await bob.post(`/trash/${nodeId}/restore`)).status).toBe(403);
    expect((await bob.delete(`/trash/${nodeId}`)).status).toBe(403);
    expect((await alice.post(`/trash/${nodeId}/restore`)).status).toBe(200);
    expect((await bob.post(restore)).status).toBe(403);
    expect((await alice.post(restore)).status).toBe(201);
  });

  it('settles conflicts by the share’s strategy before the tenant’s', async () => {
    const share = await createShare('Strategy');
    await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'contributor' });
    const set = await alice.patch(`/shares/${share.shareId}`, {
      defaultConflictStrategy: 'MANUAL',
    });
    expect(set.body.defaultConflictStrategy).toBe('MANUAL');
    const refused = await bob.patch(`/shares/${share.shareId}`, {
      defaultConflictStrategy: 'SERVER_WINS',
    });
    expect(refused.status).toBe(403);

    const file = await alice.uploadFile({ parentId: share.rootFolderId, name: 'plan.txt' }, [
      Buffer.from('v1'),
    ]);
    const base = file.body.version.id;
    const nodeId = file.body.node.id;
    await alice.uploadFile({ nodeId, baseVersionId: base }, [Buffer.from('alice')]);
    const stale = await bob.uploadFile({ nodeId, baseVersionId: base }, [Buffer.from('bob')]);
    expect(stale.body.conflict).toMatchObject({ status: 'open', strategy: 'MANUAL' });

    const reset = await alice.patch(`/shares/${share.shareId}`, { defaultConflictStrategy: null });
    expect(reset.body.defaultConflictStrategy).toBeNull();
    const head = (await alice.get(`/files/${nodeId}/versions`)).body.items[0].id;
    await alice.uploadFile({ nodeId, baseVersionId: head }, [Buffer.from('alice 2')]);
    const copy = await bob.uploadFile({ nodeId, baseVersionId: head }, [Buffer.from('bob 2')]);
    expect(copy.body.conflict).toMatchObject({ strategy: 'KEEP_BOTH' });
    expect((await alice.patch(`/shares/${share.shareId}`, { name: null })).status).toBe(400);
  });

  it('keeps an owner and lets members leave', async () => {
    const share = await createShare('Leaving');
    const me = (await alice.get('/me')).body.userId;
    const last = await alice.delete(`/shares/${share.shareId}/members/user/${me}`);
    expect(last.status).toBe(403);
    expect(last.body.detail).toMatch(/at least one user as owner/);
    await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'reader' });
    expect((await bob.delete(`/shares/${share.shareId}/members/user/${bobId}`)).status).toBe(204);
    expect((await bob.get(`/folders/${share.rootFolderId}/children`)).status).toBe(404);
    expect((await alice.delete(`/shares/${share.shareId}`)).status).toBe(204);
    expect((await alice.get(`/shares/${share.shareId}`)).status).toBe(404);
    expect((await alice.get(`/folders/${share.rootFolderId}/children`)).status).toBe(404);
  });

  it('grants a share through groups', async () => {
    const share = await createShare('Audit files');
    expect((await alice.post('/groups', { name: 'Auditors' })).status).toBe(403);
    const group = await admin.post('/groups', { name: 'Auditors' });
    expect(group.status).toBe(201);
    expect((await admin.post('/groups', { name: 'auditors' })).status).toBe(409);
    const groupId = group.body.groupId;
    const joined = await admin.put(`/groups/${groupId}/members/${carolId}`);
    expect(joined.body.members.map((member: any) => member.userId)).toEqual([carolId]);
    const granted = await alice.put(`/shares/${share.shareId}/members/group/${groupId}`, {
      role: 'reader',
    });
    expect(granted.status).toBe(200);
    expect(granted.body.items).toContainEqual(
      expect.objectContaining({ member: { kind: 'group', id: groupId }, name: 'Auditors' }),
    );

    expect((await carol.get(`/folders/${share.rootFolderId}/children`)).status).toBe(200);
    const dave = await client('dave', { groups: ['Auditors'] });
    expect((await dave.get(`/folders/${share.rootFolderId}/children`)).status).toBe(200);
    expect((await dave.get('/shares')).body.items).toContainEqual(
      expect.objectContaining({ shareId: share.shareId, role: 'reader' }),
    );

    expect((await admin.delete(`/groups/${groupId}/members/${carolId}`)).status).toBe(204);
    expect((await carol.get(`/folders/${share.rootFolderId}/children`)).status).toBe(404);
    expect((await admin.delete(`/groups/${groupId}`)).status).toBe(204);
    expect((await dave.get(`/folders/${share.rootFolderId}/children`)).status).toBe(404);
  });

  it('follows a share tree through the change feed, bound to that tree', async () => {
    const share = await createShare('Feed');
    await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'reader' });
    await alice.uploadFile({ parentId: share.rootFolderId, name: 'one.txt' }, [Buffer.from('1')]);
    const first = await bob.get(`/sync/changes?tree=${share.treeId}`);
    expect(first.status).toBe(200);
    expect(first.body.changes.map((change: any) => change.node.path)).toEqual(['/one.txt']);
    const own = await bob.get(`/sync/changes?cursor=${first.body.cursor}`);
    expect(own.status).toBe(400);
    expect(own.body.detail).toMatch(/another tree/);

    const polled = bob.get(
      `/sync/changes?tree=${share.treeId}&cursor=${first.body.cursor}&wait=20`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await alice.uploadFile({ parentId: share.rootFolderId, name: 'two.txt' }, [Buffer.from('2')]);
    const next = await polled;
    expect(next.body.changes.map((change: any) => change.node.path)).toEqual(['/two.txt']);
    expect((await bob.get('/sync/changes?tree=not-a-tree')).status).toBe(400);
  });

  it('looks up paths in a share tree', async () => {
    const share = await createShare('Paths');
    await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'reader' });
    const folder = await alice.post('/folders', { parentId: share.rootFolderId, name: 'Q1' });
    expect(folder.status).toBe(201);

    const found = await bob.get(`/nodes?path=/Q1&tree=${share.treeId}`);
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(folder.body.id);
    const root = await bob.get(`/nodes?path=/&tree=${share.treeId}`);
    expect(root.body.id).toBe(share.rootFolderId);
    expect((await bob.get('/nodes?path=/Q1')).status).toBe(404);
    expect((await bob.get(`/nodes?path=/Q2&tree=${share.treeId}`)).status).toBe(404);

    expect((await carol.get(`/nodes?path=/Q1&tree=${share.treeId}`)).status).toBe(404);
    const unknownTree = '00000000-0000-4000-8000-000000000000';
    expect((await bob.get(`/nodes?path=/Q1&tree=${unknownTree}`)).status).toBe(404);
    expect((await bob.get('/nodes?path=/Q1&tree=not-a-tree')).status).toBe(400);
  });

  it('adds members through concurrent requests without losing any', async () => {
    const share = await createShare('Crowd');
    const users = await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const member = await client(`crowd-${index}`);
        return (await member.get('/me')).body.userId as string;
      }),
    );
    const answers = await Promise.all(
      users.map((id) =>
        alice.put(`/shares/${share.shareId}/members/user/${id}`, { role: 'reader' }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(users.map(() => 200));
    const members = (await alice.get(`/shares/${share.shareId}/members`)).body.items;
    expect(members).toHaveLength(users.length + 1);
  });

  it('answers 404 for shares, groups and users of another tenant', async () => {
    const share = await createShare('Tenant A');
    const group = (await admin.post('/groups', { name: 'Local' })).body.groupId;
    const eve = new HttpClient(server.url, await server.token('eve', 'other'));
    const eveId = (await eve.get('/me')).body.userId;
    const eveAdmin = await signDevToken({
      dataDir: server.dataDir,
      user: 'eve-admin',
      tenant: 'other',
      roles: ['tenant-admin'],
    });
    const otherAdmin = new HttpClient(server.url, eveAdmin);
    expect((await eve.get(`/shares/${share.shareId}`)).status).toBe(404);
    expect((await eve.get(`/shares/${share.shareId}/members`)).status).toBe(404);
    expect((await eve.get(`/folders/${share.rootFolderId}/children`)).status).toBe(404);
    expect((await eve.get(`/groups/${group}`)).status).toBe(404);
    expect((await otherAdmin.put(`/groups/${group}/members/${eveId}`)).status).toBe(404);
    expect((await otherAdmin.delete(`/groups/${group}`)).status).toBe(404);
    expect(
      (await alice.put(`/shares/${share.shareId}/members/user/${eveId}`, { role: 'reader' }))
        .status,
    ).toBe(404);
    expect((await admin.put(`/groups/${group}/members/${eveId}`)).status).toBe(404);
  });

  it('rejects bad share input with problem details', async () => {
    expect((await alice.post('/shares', { name: 'a:b' })).status).toBe(400);
    expect((await alice.post('/shares', {})).status).toBe(400);
    const share = await createShare('Input');
    const role = await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, {
      role: 'king',
    });
    expect(role.status).toBe(400);
    const kind = await alice.put(`/shares/${share.shareId}/members/robot/${bobId}`, {
      role: 'reader',
    });
    expect(kind.status).toBe(400);
    expect((await alice.get('/shares/not-a-uuid')).status).toBe(400);
  });
});
