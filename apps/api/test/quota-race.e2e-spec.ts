import pg from 'pg';
import { signDevToken } from '@scaidrive/auth';
import {
  HttpClient,
  runCli,
  sha256Hex,
  startTestServer,
  type TestServer,
} from '@scaidrive/testing';
import { RetentionJob } from '../src/retention/retention-job.js';

// Each repetition races 50 commits for a quota with room for exactly ten of them.
const REPETITIONS = Number(process.env.QUOTA_RACE_REPETITIONS ?? 20);
const PARALLEL = 50;
const SIZE = 1000;
const FITTING = 10;
const LIMIT = FITTING * SIZE + SIZE / 2;

describe('storage quotas', () => {
  let server: TestServer;
  let admin: HttpClient;

  async function client(user: string, extra: { roles?: string[]; partner?: string } = {}) {
    const token = await signDevToken({ dataDir: server.dataDir, user, ...extra });
    return new HttpClient(server.url, token);
  }

  /** Uploads PARALLEL distinct chunks of SIZE bytes, then commits a file of each at once. */
  async function commitInParallel(user: HttpClient, seed: string) {
    const root = (await user.get('/me')).body.rootFolderId;
    const contents = Array.from({ length: PARALLEL }, (_, index) =>
      Buffer.alloc(SIZE, `${seed}:${index}:`),
    );
    for (const content of contents) {
      expect((await user.put(`/chunks/${sha256Hex(content)}`, content)).status).toBeLessThan(300);
    }
    return Promise.all(
      contents.map((content, index) =>
        user.post('/files', {
          parentId: root,
          name: `f${index}.bin`,
          size: SIZE,
          sha256: sha256Hex(content),
          mtime: new Date().toISOString(),
          chunks: [{ sha256: sha256Hex(content), size: SIZE }],
        }),
      ),
    );
  }

  beforeAll(async () => {
    server = await startTestServer({ RETENTION_INTERVAL_MS: '0' });
    admin = await client('admin', { roles: ['tenant-admin'] });
    const set = await admin.put('/tenant/quota', { userStorageBytes: LIMIT });
    expect([set.status, set.body.userStorageBytes]).toEqual([200, LIMIT]);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('never lets parallel commits together pass a user quota', async () => {
    for (let repetition = 0; repetition < REPETITIONS; repetition++) {
      const racer = await client(`racer-${repetition}`);
      const answers = await commitInParallel(racer, `${repetition}`);
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(FITTING);
      expect(statuses.filter((status) => status === 507)).toHaveLength(PARALLEL - FITTING);
      const refused = answers.find((answer) => answer.status === 507)!;
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({
        code: 'QUOTA_EXCEEDED',
        level: 'user',
        limitBytes: LIMIT,
        requiredBytes: SIZE,
      });
      expect(refused.body.availableBytes).toBeLessThan(SIZE);
      const usage = (await racer.get('/me/usage')).body;
      expect(usage).toEqual({ usedBytes: FITTING * SIZE, limitBytes: LIMIT });
    }
    const clean = await runCli(['usage', 'check'], {
      SCAIDRIVE_SERVER: server.url,
      SCAIDRIVE_TOKEN: admin.token!,
    });
    expect(clean.stdout).toBe('usage counters match the kept versions\n');
    const check = await admin.get('/tenant/usage/check');
    expect(check.body).toEqual({
      consistent: true,
      drift: [],
      uncountedVersions: 0,
      unknownVersions: 0,
    });
    const tenant = (await admin.get('/tenant/usage')).body;
    expect(tenant.usedBytes).toBe(REPETITIONS * FITTING * SIZE);

    // A counter changed behind the projection's back shows up as drift.
    const tenantId = (await admin.get('/me')).body.tenantId;
    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    await db.query('UPDATE storage_usage SET bytes = bytes + 7 WHERE scope = $1', [
      `tenant:${tenantId}`,
    ]);
    await db.end();
    const env = { SCAIDRIVE_SERVER: server.url, SCAIDRIVE_TOKEN: admin.token! };
    const failed = await runCli(['usage', 'check'], env).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain(
      `tenant:${tenantId}: counted ${REPETITIONS * FITTING * SIZE + 7}`,
    );
    const drifted = (await admin.get('/tenant/usage/check')).body;
    expect(drifted.consistent).toBe(false);
    expect(drifted.drift).toEqual([
      {
        scope: `tenant:${tenantId}`,
        countedBytes: REPETITIONS * FITTING * SIZE + 7,
        storedBytes: REPETITIONS * FITTING * SIZE,
      },
    ]);
  }, 900_000);

  it('refuses at the tenant level and frees room when versions leave', async () => {
    const partnerAdmin = await client('pa', { roles: ['partner-admin'], partner: 'west' });
    const tenantId = (await partnerAdmin.post('/partner/tenants', { name: 'small' })).body.tenantId;
    const set = await partnerAdmin.put(`/partner/tenants/${tenantId}/quota`, {
      storageBytes: 2 * SIZE,
    });
    expect(set.body.storageQuotaBytes).toBe(2 * SIZE);
    const user = new HttpClient(
      server.url,
      await signDevToken({ dataDir: server.dataDir, user: 'tim', tenant: 'small' }),
    );
    const root = (await user.get('/me')).body.rootFolderId;
    const commit = async (name: string, fill: string) => {
      const content = Buffer.alloc(SIZE, fill);
      await user.put(`/chunks/${sha256Hex(content)}`, content);
      return user.post('/files', {
        parentId: root,
        name,
        size: SIZE,
        sha256: sha256Hex(content),
        mtime: new Date().toISOString(),
        chunks: [{ sha256: sha256Hex(content), size: SIZE }],
      });
    };
    expect((await commit('a.bin', 'a')).status).toBe(201);
    const second = await commit('b.bin', 'b');
    expect(second.status).toBe(201);
    const third = await commit('c.bin', 'c');
    expect(third.status).toBe(507);
    expect(third.body).toMatchObject({ level: 'tenant', availableBytes: 0 });

    // A purged file's versions leave the count when retention prunes them.
    await user.delete(`/nodes/${second.body.node.id}`);
    expect((await user.delete(`/trash/${second.body.node.id}`)).status).toBeLessThan(300);
    expect((await commit('c.bin', 'c')).status).toBe(507);
    const job = server.app.get(RetentionJob);
    const report = await job.runOnce({ now: new Date(), collectChunks: false });
    const usage = await partnerAdmin.get(`/partner/tenants/${tenantId}`);
    expect({ report, usage: usage.body }).toBeDefined();
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 201; attempt++) {
      // The usage projection counts the pruning shortly after the job appends it.
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await commit('c.bin', 'c')).status;
    }
    expect({ status, report }).toEqual({ status: 201, report });
  });

  it('never passes an embedding budget', async () => {
    const partnerAdmin = await client('pb', { roles: ['partner-admin'], partner: 'east' });
    const tenantId = (await partnerAdmin.post('/partner/tenants', { name: 'metered' })).body
      .tenantId;
    const tokens = SIZE / 4;
    const set = await partnerAdmin.put(`/partner/tenants/${tenantId}/quota`, {
      monthlyEmbeddingTokens: FITTING * tokens + tokens / 2,
    });

    expect(set.body).toMatchObject({ monthlyEmbeddingTokens: FITTING * tokens + tokens / 2 });
    expect(set.body.storageQuotaBytes).toBeNull();

    const user = new HttpClient(
      server.url,
      await signDevToken({ dataDir: server.dataDir, user: 'meg', tenant: 'metered' }),
    );
    const answers = await commitInParallel(user, 'budget');
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(FITTING);
    expect(statuses.filter((status) => status === 402)).toHaveLength(PARALLEL - FITTING);

    const refused = answers.find((answer) => answer.status === 402)!;
    expect(refused.body).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      level: 'tenant',
      budgetTokens: FITTING * tokens + tokens / 2,
      requiredTokens: tokens,
      period: new Date().toISOString().slice(0, 7),
    });
    expect(refused.body.availableTokens).toBeLessThan(tokens);
  });
});
