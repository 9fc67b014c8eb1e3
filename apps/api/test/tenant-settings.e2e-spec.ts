import { signDevToken } from '@scaidrive/auth';
import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('tenant settings', () => {
  let server: TestServer;
  let alice: HttpClient;
  let admin: HttpClient;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice', 'acme'));
    const adminToken = await signDevToken({
      dataDir: server.dataDir,
      user: 'root-admin',
      tenant: 'acme',
      roles: ['tenant-admin'],
    });
    admin = new HttpClient(server.url, adminToken);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('is readable by members and changeable by tenant administrators only', async () => {
    const settings = await alice.get('/tenant/settings');
    expect(settings.body).toMatchObject({
      name: 'acme',
      defaultConflictStrategy: 'KEEP_BOTH',
      caseSensitiveNames: false,
    });
    const refused = await alice.patch('/tenant/settings', {
      defaultConflictStrategy: 'CLIENT_WINS',
    });
    expect(refused.status).toBe(403);
    const invalid = await admin.patch('/tenant/settings', { defaultConflictStrategy: 'RANDOM' });
    expect(invalid.status).toBe(400);
  });

  it('applies the tenant default conflict strategy to commits that name none', async () => {
    await admin.patch('/tenant/settings', { defaultConflictStrategy: 'CLIENT_WINS' });
    const root = (await alice.get('/me')).body.rootFolderId;
    const added = await alice.uploadFile({ parentId: root, name: 'shared.txt' }, [
      Buffer.from('1'),
    ]);
    const base = added.body.version.id;
    const nodeId = added.body.node.id;
    await alice.uploadFile({ nodeId, baseVersionId: base }, [Buffer.from('2')]);
    const stale = await alice.uploadFile({ nodeId, baseVersionId: base }, [Buffer.from('3')]);
    expect(stale.body.conflict).toMatchObject({
      strategy: 'CLIENT_WINS',
      resolution: 'TOOK_INCOMING',
    });
    await admin.patch('/tenant/settings', { defaultConflictStrategy: 'KEEP_BOTH' });
  });

  it('makes drives created afterwards case-sensitive', async () => {
    const before = alice;
    const beforeRoot = (await before.get('/me')).body.rootFolderId;
    await admin.patch('/tenant/settings', { caseSensitiveNames: true });
    const carol = new HttpClient(server.url, await server.token('carol', 'acme'));
    const carolRoot = (await carol.get('/me')).body.rootFolderId;
    expect((await carol.post('/folders', { parentId: carolRoot, name: 'Docs' })).status).toBe(201);
    expect((await carol.post('/folders', { parentId: carolRoot, name: 'docs' })).status).toBe(201);
    expect((await before.post('/folders', { parentId: beforeRoot, name: 'Docs' })).status).toBe(
      201,
    );
    expect((await before.post('/folders', { parentId: beforeRoot, name: 'docs' })).status).toBe(
      409,
    );
  });
});
