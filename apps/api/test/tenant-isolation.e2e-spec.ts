import { signDevToken } from '@scaidrive/auth';
import { HttpClient, sha256Hex, startTestServer, type TestServer } from '@scaidrive/testing';

/** Values of tenant A that tenant B's requests put into each path parameter. */
type Ids = Record<string, string>;

/**
 * Bodies that pass validation, so that a request reaches the tenant check instead of stopping at
 * 400. Keys are `METHOD path` as the OpenAPI document spells the path.
 */
function bodies(ids: Ids): Record<string, unknown> {
  const empty = {
    size: 0,
    sha256: sha256Hex(Buffer.alloc(0)),
    mtime: new Date().toISOString(),
    chunks: [],
  };
  return {
    'POST /api/v1/folders': { parentId: ids.id, name: 'probe' },
    'POST /api/v1/files': { ...empty, parentId: ids.id, name: 'probe.txt' },
    'POST /api/v1/files/{id}/versions': { ...empty, baseVersionId: ids.versionId },
    'PATCH /api/v1/nodes/{id}': { name: 'probe' },
    'PUT /api/v1/nodes/{id}/security': { entries: [] },
    'POST /api/v1/conflicts/{id}/resolve': { decision: 'KEEP_HEAD' },
    'PUT /api/v1/drives/{driveId}/retention': { keepVersions: 1, keepDays: null, trashDays: 1 },
    'PATCH /api/v1/shares/{shareId}': { name: 'probe' },
    'PUT /api/v1/shares/{shareId}/members/{kind}/{memberId}': { role: 'owner' },
    'PATCH /api/v1/groups/{groupId}': { name: 'probe' },
    'POST /api/v1/partner/tenants/{tenantId}/suspend': { reason: 'probe' },
    'PATCH /api/v1/links/{id}': { access: 'view' },
  };
}

/**
 * Routes with ids where another tenant's caller gets something other than 404, and why that
 * reveals nothing.
 */
const NOT_404: Record<string, string> = {
  // Uploading bytes is the caller's own upload: the hash names content, not a stored file.
  'PUT /api/v1/chunks/{sha256}': 'content-addressed upload',
  // A link's token is its credential: anyone who has it visits the link, whatever their tenant.
  'GET /api/v1/public/links/{token}': 'the token is the credential',
  'POST /api/v1/public/links/{token}/unlock': 'the token is the credential',
  'POST /api/v1/public/links/{token}/email-code': 'the token is the credential',
  'GET /api/v1/public/links/{token}/children': 'the token is the credential',
  'GET /api/v1/public/links/{token}/nodes/{nodeId}': 'the token is the credential',
  'GET /api/v1/public/links/{token}/content': 'the token is the credential',
  'POST /api/v1/public/links/{token}/files': 'the token is the credential',
};

describe('tenant isolation', () => {
  let server: TestServer;
  let alice: HttpClient;
  let eve: HttpClient;
  const ids: Ids = {};
  const secrets: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const aliceAdmin = await signDevToken({
      dataDir: server.dataDir,
      user: 'alice',
      roles: ['tenant-admin'],
    });
    alice = new HttpClient(server.url, aliceAdmin);
    const eveAdmin = await signDevToken({
      dataDir: server.dataDir,
      user: 'eve',
      tenant: 'rival',
      roles: ['tenant-admin', 'auditor', 'partner-admin'],
      partner: 'rival-partner',
    });
    eve = new HttpClient(server.url, eveAdmin);
    const me = (await alice.get('/me')).body;
    await eve.get('/me');

    const folder = (await alice.post('/folders', { parentId: me.rootFolderId, name: 'Ledger' }))
      .body;
    const content = Buffer.from('quarterly numbers of tenant A');
    const file = (await alice.uploadFile({ parentId: folder.id, name: 'q3.xlsx' }, [content])).body;
    // A second version makes the first one stale, so a commit based on it opens a conflict.
    await alice.uploadFile({ nodeId: file.node.id, baseVersionId: file.version.id }, [
      Buffer.from('revised numbers'),
    ]);
    const oneChunk = await alice.put(
      `/chunks/${sha256Hex(Buffer.from('one'))}`,
      Buffer.from('one'),
    );
    expect(oneChunk.status).toBeLessThan(300);
    const conflict = await alice.post(`/files/${file.node.id}/versions`, {
      size: 3,
      sha256: sha256Hex(Buffer.from('one')),
      mtime: new Date().toISOString(),
      chunks: [{ sha256: sha256Hex(Buffer.from('one')), size: 3 }],
      baseVersionId: file.version.id,
      conflictStrategy: 'MANUAL',
    });
    expect(conflict.status).toBe(201);
    const trashed = (await alice.post('/folders', { parentId: me.rootFolderId, name: 'Old' })).body;
    await alice.delete(`/nodes/${trashed.id}`);
    const share = (await alice.post('/shares', { name: 'Board' })).body;
    const group = (await alice.post('/groups', { name: 'Directors' })).body;
    await alice.put(`/groups/${group.groupId}/members/${me.userId}`);
    const link = (await alice.post('/links', { nodeId: folder.id })).body;

    Object.assign(ids, {
      id: file.node.id,
      versionId: file.version.id,
      driveId: me.driveId,
      shareId: share.shareId,
      kind: 'user',
      memberId: me.userId,
      groupId: group.groupId,
      userId: me.userId,
      tenantId: me.tenantId,
      sha256: sha256Hex(content),
    });
    ids.conflictId = conflict.body.conflict.conflictId;
    ids.trashId = trashed.id;
    ids.linkId = link.id;
    secrets.push(
      file.node.id,
      file.version.id,
      folder.id,
      trashed.id,
      share.shareId,
      share.treeId,
      group.groupId,
      me.userId,
      ids.conflictId,
      link.id,
      'Ledger',
      'q3.xlsx',
      'Board',
      'Directors',
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  function valueFor(path: string, name: string): string {
    if (name === 'id' && path.startsWith('/api/v1/conflicts')) return ids.conflictId!;
    if (name === 'id' && path.startsWith('/api/v1/trash')) return ids.trashId!;
    if (name === 'id' && path.startsWith('/api/v1/links')) return ids.linkId!;
    const value = ids[name];
    if (!value) throw new Error(`no tenant A value for the path parameter ${name} of ${path}`);
    return value;
  }

  it('answers 404 to every route given another tenant’s ids', async () => {
    const document = (await fetch(`${server.url}/api/docs/openapi.json`)).json() as Promise<any>;
    const paths = (await document).paths as Record<string, Record<string, unknown>>;
    const table = bodies(ids);
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      if (names.length === 0) continue;
      for (const method of Object.keys(operations).map((name) => name.toUpperCase())) {
        const key = `${method} ${path}`;
        if (NOT_404[key]) continue;
        let url = path;
        for (const name of names) url = url.replace(`{${name}}`, valueFor(path, name));
        const body = method === 'GET' || method === 'DELETE' ? undefined : (table[key] ?? {});
        const answer = await eve.request(method, url.replace('/api/v1', ''), body);
        expect({ key, status: answer.status }).toEqual({ key, status: 404 });
        const text = Buffer.isBuffer(answer.body)
          ? answer.body.toString()
          : JSON.stringify(answer.body);
        for (const secret of ['Ledger', 'q3.xlsx', 'Board', 'Directors']) {
          expect({ key, leaked: text.includes(secret) }).toEqual({ key, leaked: false });
        }
        checked.push(key);
      }
    }
    expect(checked.length).toBeGreaterThan(30);
  });

  it('lists nothing of the other tenant in any collection', async () => {
    const collections = [
      '/me',
      '/shares',
      '/groups',
      '/users',
      '/trash',
      '/conflicts?status=all',
      '/sync/changes?limit=1000',
      '/audit/events',
      '/tenant/settings',
      '/nodes?path=/Ledger',
      '/links',
      '/admin/outbox',
    ];
    for (const path of collections) {
      // Read as text: the audit log is NDJSON, which a JSON parser does not take whole.
      const answer = await fetch(`${server.url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${eve.token}` },
      });
      expect({ path, ok: answer.status === 200 || answer.status === 404 }).toEqual({
        path,
        ok: true,
      });
      const text = await answer.text();
      // A not-found message may repeat what the request named; anything else would be a leak.
      for (const secret of secrets.filter((value) => !path.includes(value))) {
        expect({ path, leaked: text.includes(secret) ? secret : null }).toEqual({
          path,
          leaked: null,
        });
      }
    }
    const missing = await eve.post('/chunks/missing', { hashes: [ids.sha256] });
    expect(missing.body.missing).toEqual([ids.sha256]);
    const feed = await eve.get(`/sync/changes?tree=${secrets[5]}`);
    expect(feed.status).toBe(404);
  });
});
