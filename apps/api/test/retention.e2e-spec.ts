import { signDevToken } from '@scaidrive/auth';
import { EVENT_STORE, type EventStore } from '@scaidrive/event-store';
import { ReadModelWaiter } from '@scaidrive/projections';
import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';
import { RetentionJob } from '../src/retention/retention-job.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('retention', () => {
  let server: TestServer;
  let job: RetentionJob;

  beforeAll(async () => {
    // The schedule is off, so only the tests run the job, each with the clock it needs.
    server = await startTestServer({ RETENTION_INTERVAL_MS: '0' });
    job = server.app.get(RetentionJob);
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** Signs in a new user, so each test's policy governs only that test's drive. */
  async function user(name: string) {
    const client = new HttpClient(server.url, await server.token(name));
    const me = (await client.get('/me')).body;
    return { client, driveId: me.driveId as string, root: me.rootFolderId as string };
  }

  /** Adds a file and commits further versions. Returns its id and version ids, oldest first. */
  async function fileWithVersions(client: HttpClient, root: string, name: string, count: number) {
    const added = await client.uploadFile({ parentId: root, name }, [Buffer.from(`${name} 1`)]);
    expect(added.status).toBe(201);
    const nodeId: string = added.body.node.id;
    const versionIds: string[] = [added.body.version.id];
    for (let number = 2; number <= count; number++) {
      const base = versionIds[versionIds.length - 1];
      const next = await client.uploadFile({ nodeId, baseVersionId: base }, [
        Buffer.from(`${name} ${number}`),
      ]);
      expect(next.status).toBe(201);
      versionIds.push(next.body.version.id);
    }
    return { nodeId, versionIds };
  }

  const listedVersions = async (client: HttpClient, nodeId: string) =>
    (await client.get(`/files/${nodeId}/versions`)).body.items.map(
      (version: { id: string }) => version.id,
    );

  /** Runs the job as of now and waits until the read models show what it wrote. */
  async function runAt(now: number) {
    const report = await job.runOnce({ now: new Date(now), collectChunks: false });
    const position = report.retention?.position;
    if (position) expect(await server.app.get(ReadModelWaiter).waitFor(position, 5000)).toBe(true);
    return report;
  }

  describe('policy API', () => {
    it('returns the defaults while none is set', async () => {
      const { client, driveId } = await user('policy-default');
      const response = await client.get(`/drives/${driveId}/retention`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        driveId,
        keepVersions: null,
        keepDays: 30,
        trashDays: 30,
        isDefault: true,
      });
    });

    it('sets and reads a policy', async () => {
      const { client, driveId } = await user('policy-set');
      const put = await client.put(`/drives/${driveId}/retention`, { keepVersions: 3 });
      expect(put.status).toBe(200);
      const expected = {
        driveId,
        keepVersions: 3,
        keepDays: null,
        trashDays: 30,
        isDefault: false,
      };
      expect(put.body).toEqual(expected);
      expect((await client.get(`/drives/${driveId}/retention`)).body).toEqual(expected);
    });

    it.each([
      ['keepVersions 0', { keepVersions: 0 }],
      ['keepVersions 1001', { keepVersions: 1001 }],
      ['fractional keepDays', { keepDays: 1.5 }],
      ['keepDays 36501', { keepDays: 36501 }],
      ['trashDays 0', { trashDays: 0 }],
      ['a string', { trashDays: 'ten' }],
      ['an unknown field', { keepForever: true }],
    ])('rejects %s', async (_case, body) => {
      const { client, driveId } = await user('policy-invalid');
      const response = await client.put(`/drives/${driveId}/retention`, body);
      expect(response.status).toBe(400);
      expect((await client.get(`/drives/${driveId}/retention`)).body.isDefault).toBe(true);
    });

    it('hides other users’ drives', async () => {
      const owner = await user('policy-owner');
      const other = await user('policy-other');
      const path = `/drives/${owner.driveId}/retention`;
      expect((await other.client.get(path)).status).toBe(404);
      expect((await other.client.put(path, { keepVersions: 1 })).status).toBe(404);
      expect((await owner.client.get(path)).body.isDefault).toBe(true);
    });

    it('lets tenant administrators manage any drive of their tenant', async () => {
      const owner = await user('policy-managed');
      const path = `/drives/${owner.driveId}/retention`;
      const admin = new HttpClient(
        server.url,
        await signDevToken({
          dataDir: server.dataDir,
          user: 'policy-admin',
          roles: ['tenant-admin'],
        }),
      );
      const set = await admin.put(path, { keepVersions: 2, keepDays: null, trashDays: 7 });
      expect(set.status).toBe(200);
      expect((await owner.client.get(path)).body).toMatchObject({ keepVersions: 2, trashDays: 7 });
      const foreign = new HttpClient(
        server.url,
        await signDevToken({
          dataDir: server.dataDir,
          user: 'policy-rival',
          tenant: 'rival',
          roles: ['tenant-admin'],
        }),
      );
      expect((await foreign.get(path)).status).toBe(404);
    });

    it('records the policy in the tree stream', async () => {
      const { client, driveId } = await user('policy-event');
      await client.put(`/drives/${driveId}/retention`, { keepDays: 90, trashDays: 7 });
      const events = await server.app.get<EventStore>(EVENT_STORE).readStream(`tree-${driveId}`);
      const set = events.filter((event) => event.type === 'RetentionPolicySet');
      expect(set.map((event) => event.data)).toEqual([
        { policy: { keepVersions: null, keepDays: 90, trashDays: 7 } },
      ]);
    });
  });

  describe('versions', () => {
    it('keeps N versions and the head', async () => {
      const { client, driveId, root } = await user('keep-count');
      await client.put(`/drives/${driveId}/retention`, { keepVersions: 2 });
      const file = await fileWithVersions(client, root, 'report.txt', 5);

      const report = await runAt(Date.now());

      expect(report.skipped).toBe(false);
      expect(await listedVersions(client, file.nodeId)).toEqual(file.versionIds.slice(3).reverse());
      const oldest = await client.get(`/files/${file.nodeId}/versions/${file.versionIds[0]}`);
      expect(oldest.status).toBe(404);
      expect((await client.get(`/files/${file.nodeId}/content`)).body.toString()).toBe(
        'report.txt 5',
      );
      const previous = `/files/${file.nodeId}/versions/${file.versionIds[3]}/content`;
      expect((await client.get(previous)).body.toString()).toBe('report.txt 4');
    });

    it('records pruning as the retention actor', async () => {
      const { client, driveId, root } = await user('keep-audit');
      await client.put(`/drives/${driveId}/retention`, { keepVersions: 1 });
      const file = await fileWithVersions(client, root, 'audit.txt', 3);

      await runAt(Date.now());

      const events = await server.app.get<EventStore>(EVENT_STORE).readStream(`tree-${driveId}`);
      const pruned = events.filter((event) => event.type === 'VersionsPruned');
      expect(pruned.map((event) => event.data)).toEqual([
        { nodeId: file.nodeId, versionIds: file.versionIds.slice(0, 2) },
      ]);
      expect(pruned[0].metadata.actor).toEqual({ type: 'system', id: 'retention' });
    });

    it('keeps versions for D days', async () => {
      const { client, driveId, root } = await user('keep-days');
      await client.put(`/drives/${driveId}/retention`, { keepDays: 7 });
      const file = await fileWithVersions(client, root, 'notes.txt', 3);
      const now = Date.now();

      await runAt(now + 6 * DAY_MS);
      expect(await listedVersions(client, file.nodeId)).toEqual([...file.versionIds].reverse());

      await runAt(now + 8 * DAY_MS);
      expect(await listedVersions(client, file.nodeId)).toEqual([file.versionIds[2]]);
    });

    it('keeps a version either rule keeps', async () => {
      const { client, driveId, root } = await user('keep-both');
      await client.put(`/drives/${driveId}/retention`, { keepVersions: 2, keepDays: 7 });
      const file = await fileWithVersions(client, root, 'both.txt', 4);
      const now = Date.now();

      await runAt(now + DAY_MS);
      expect(await listedVersions(client, file.nodeId)).toHaveLength(4);

      await runAt(now + 8 * DAY_MS);
      expect(await listedVersions(client, file.nodeId)).toEqual(file.versionIds.slice(2).reverse());
    });

    it('keeps versions 30 days by default', async () => {
      const { client, root } = await user('keep-default');
      const file = await fileWithVersions(client, root, 'plain.txt', 2);
      const now = Date.now();

      await runAt(now + 29 * DAY_MS);
      expect(await listedVersions(client, file.nodeId)).toHaveLength(2);

      await runAt(now + 31 * DAY_MS);
      expect(await listedVersions(client, file.nodeId)).toEqual([file.versionIds[1]]);
    });

    it('keeps every version without rules', async () => {
      const { client, driveId, root } = await user('keep-all');
      await client.put(`/drives/${driveId}/retention`, { trashDays: 30 });
      const file = await fileWithVersions(client, root, 'all.txt', 3);

      await runAt(Date.now() + 10_000 * DAY_MS);

      expect(await listedVersions(client, file.nodeId)).toHaveLength(3);
    });
  });

  describe('trash', () => {
    const trash = async (client: HttpClient) =>
      (await client.get('/trash')).body.items as { id: string; deletedAt: string }[];

    it('purges only items past trashDays', async () => {
      const { client, driveId, root } = await user('trash-expiry');
      await client.put(`/drives/${driveId}/retention`, { trashDays: 10 });
      const old = await fileWithVersions(client, root, 'old.txt', 1);
      const recent = await fileWithVersions(client, root, 'recent.txt', 1);
      expect((await client.delete(`/nodes/${old.nodeId}`)).status).toBe(204);
      expect((await client.delete(`/nodes/${recent.nodeId}`)).status).toBe(204);
      const items = await trash(client);
      const deletedAt = (id: string) => Date.parse(items.find((item) => item.id === id)!.deletedAt);
      expect(deletedAt(old.nodeId)).toBeLessThan(deletedAt(recent.nodeId));

      // One millisecond before the recent item expires, so only the older one has.
      const report = await runAt(deletedAt(recent.nodeId) + 10 * DAY_MS - 1);

      expect(report.retention?.failedDrives).toBe(0);
      const left = (await trash(client)).map((item) => item.id);
      expect(left).toEqual([recent.nodeId]);
      expect((await client.post(`/trash/${old.nodeId}/restore`)).status).toBe(404);
      expect((await client.post(`/trash/${recent.nodeId}/restore`)).status).toBe(200);
    });

    it('purges a folder with its contents', async () => {
      const { client, root } = await user('trash-folder');
      const folder = await client.post('/folders', { parentId: root, name: 'Old' });
      const inside = await fileWithVersions(client, folder.body.id, 'inside.txt', 1);
      await client.delete(`/nodes/${folder.body.id}`);

      await runAt(Date.now() + 31 * DAY_MS);

      expect(await trash(client)).toEqual([]);
      const events = await server.app
        .get<EventStore>(EVENT_STORE)
        .readStream(`tree-${(await client.get('/me')).body.driveId}`);
      const purged = events.filter((event) => event.type === 'NodePurged');
      expect(purged.map((event) => event.data)).toEqual([{ nodeId: folder.body.id }]);
      const pruned = events.filter((event) => event.type === 'VersionsPruned');
      expect(pruned.map((event) => event.data)).toEqual([
        { nodeId: inside.nodeId, versionIds: inside.versionIds },
      ]);
    });
  });
});
