import { signDevToken } from '@scaidrive/auth';
import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('partner administration', () => {
  let server: TestServer;

  async function client(
    user: string,
    claims: { tenant?: string; roles?: string[]; partner?: string } = {},
  ) {
    const token = await signDevToken({ dataDir: server.dataDir, user, ...claims });
    return new HttpClient(server.url, token);
  }

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('creates, lists, suspends and reinstates tenants as events', async () => {
    const admin = await client('pat', {
      tenant: 'reseller',
      roles: ['partner-admin'],
      partner: 'north',
    });
    const created = await admin.post('/partner/tenants', { name: 'acme' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'acme', partner: 'north', suspended: false });
    const tenantId = created.body.tenantId;
    expect((await admin.post('/partner/tenants', { name: 'acme' })).status).toBe(409);
    const listed = (await admin.get('/partner/tenants')).body.items;
    // The administrator's own tenant joined the partner named in their first token.
    expect(listed.map((tenant: any) => tenant.name)).toEqual(['acme', 'reseller']);

    const user = await client('ann', { tenant: 'acme' });
    const me = await user.get('/me');
    expect(me.body.tenantId).toBe(tenantId);
    const root = me.body.rootFolderId;
    expect((await user.post('/folders', { parentId: root, name: 'Docs' })).status).toBe(201);

    const suspended = await admin.post(`/partner/tenants/${tenantId}/suspend`, {
      reason: 'invoice overdue',
    });
    expect(suspended.body).toMatchObject({ suspended: true, suspendedReason: 'invoice overdue' });
    for (const answer of [
      await user.get('/me'),
      await user.get(`/folders/${root}/children`),
      await user.post('/folders', { parentId: root, name: 'More' }),
      await (await client('newcomer', { tenant: 'acme' })).get('/me'),
      // A partner-admin role is no way around a suspension, for any partner.
      await (
        await client('rogue', { tenant: 'acme', roles: ['partner-admin'], partner: 'south' })
      ).get('/me'),
      await (
        await client('insider', { tenant: 'acme', roles: ['partner-admin'], partner: 'north' })
      ).post('/shares', { name: 'during suspension' }),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.body.detail).toMatch(/suspended: invoice overdue/);
    }

    const reinstated = await admin.post(`/partner/tenants/${tenantId}/reinstate`);
    expect(reinstated.body.suspended).toBe(false);
    expect((await user.get(`/folders/${root}/children`)).status).toBe(200);

    const auditor = await client('ada', { tenant: 'acme', roles: ['auditor'] });
    const log = await fetch(`${server.url}/api/v1/audit/events`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    const types = (await log.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).type);
    expect(types).toEqual(
      expect.arrayContaining(['TenantProvisioned', 'TenantSuspended', 'TenantReinstated']),
    );
  });

  it('keeps partners apart and needs the partner-admin role', async () => {
    const north = await client('nia', { roles: ['partner-admin'], partner: 'north' });
    const south = await client('sam', { roles: ['partner-admin'], partner: 'south' });
    const tenantId = (await north.post('/partner/tenants', { name: 'globex' })).body.tenantId;
    expect((await south.get(`/partner/tenants/${tenantId}`)).status).toBe(404);
    const foreign = await south.post(`/partner/tenants/${tenantId}/suspend`, { reason: 'x' });
    expect(foreign.status).toBe(404);
    expect((await south.get('/partner/tenants')).body.items).toEqual([]);

    const plain = await client('joe', { roles: ['tenant-admin'], partner: 'north' });
    expect((await plain.get('/partner/tenants')).status).toBe(403);
    const claimless = await client('kim', { roles: ['partner-admin'] });
    expect((await claimless.post('/partner/tenants', { name: 'initech' })).status).toBe(403);
    expect((await north.post('/partner/tenants', { name: ' ' })).status).toBe(400);
    expect((await north.post(`/partner/tenants/${tenantId}/suspend`, {})).status).toBe(400);
  });
});
