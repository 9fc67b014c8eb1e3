import { signDevToken } from '@scaidrive/auth';
import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('tenant user administration', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('disables and enables users, who get 403 while disabled', async () => {
    const adminToken = await signDevToken({
      dataDir: server.dataDir,
      user: 'root',
      roles: ['tenant-admin'],
    });
    const admin = new HttpClient(server.url, adminToken);
    const adminId = (await admin.get('/me')).body.userId;
    const bob = new HttpClient(server.url, await server.token('bob'));
    const bobId = (await bob.get('/me')).body.userId;

    const listed = (await admin.get('/tenant/users')).body.items;
    expect(listed.map((user: any) => user.name).sort()).toEqual(['bob', 'root']);
    const disabled = await admin.post(`/tenant/users/${bobId}/disable`);
    expect(disabled.body).toMatchObject({ userId: bobId, disabled: true });
    const refused = await bob.get('/me');
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/disabled/);

    expect((await admin.post(`/tenant/users/${bobId}/enable`)).body.disabled).toBe(false);
    expect((await bob.get('/me')).status).toBe(200);

    expect((await admin.post(`/tenant/users/${adminId}/disable`)).status).toBe(403);
    expect((await bob.post(`/tenant/users/${adminId}/disable`)).status).toBe(403);
    expect((await bob.get('/tenant/users')).status).toBe(403);
    const eve = new HttpClient(server.url, await server.token('eve', 'other'));
    const eveId = (await eve.get('/me')).body.userId;
    expect((await admin.post(`/tenant/users/${eveId}/disable`)).status).toBe(404);
    expect((await eve.get('/me')).status).toBe(200);
  });
});
