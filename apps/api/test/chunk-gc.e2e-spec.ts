import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { HttpClient, sha256Hex, startTestServer, type TestServer } from '@scaidrive/testing';
import { ChunkCollector } from '../src/chunks/chunk-collector.js';
import { RetentionJob } from '../src/retention/retention-job.js';

/** Past the default grace period of 24 hours. */
const AFTER_GRACE_MS = 25 * 60 * 60 * 1000;

describe('chunk garbage collection', () => {
  let server: TestServer;
  let collector: ChunkCollector;
  let job: RetentionJob;
  let database: pg.Pool;

  beforeAll(async () => {
    server = await startTestServer({ RETENTION_INTERVAL_MS: '0' });
    collector = server.app.get(ChunkCollector);
    job = server.app.get(RetentionJob);
    database = new pg.Pool({ connectionString: server.databaseUrl, max: 2 });
    // Dropping the test database ends these connections after pool.end() has resolved.
    database.on('error', () => undefined);
  });

  afterAll(async () => {
    await database?.end();
    await server?.stop();
  });

  async function user(name: string) {
    const client = new HttpClient(server.url, await server.token(name));
    const me = (await client.get('/me')).body;
    return { client, driveId: me.driveId as string, root: me.rootFolderId as string };
  }

  const chunkPath = (sha256: string) =>
    join(server.dataDir, 'chunks', sha256.slice(0, 2), sha256.slice(2, 4), sha256);

  const stored = (sha256: string) => existsSync(chunkPath(sha256));

  const afterGrace = () => new Date(Date.now() + AFTER_GRACE_MS);

  async function putChunk(client: HttpClient, bytes: Buffer): Promise<string> {
    const sha256 = sha256Hex(bytes);
    expect((await client.put(`/chunks/${sha256}`, bytes)).status).toBeLessThan(300);
    return sha256;
  }

  it('keeps a fresh upload that nothing references', async () => {
    const { client } = await user('fresh');
    const sha256 = await putChunk(client, randomBytes(100));
    // An old file time leaves the upload row as the only thing that keeps the chunk.
    const twoDaysAgo = new Date(Date.now() - 2 * AFTER_GRACE_MS);
    await utimes(chunkPath(sha256), twoDaysAgo, twoDaysAgo);

    const report = await collector.collect();

    expect(report.ran).toBe(true);
    expect(stored(sha256)).toBe(true);
    expect((await client.post('/chunks/missing', { hashes: [sha256] })).body.missing).toEqual([]);
  });

  it('removes an unreferenced chunk after the grace period', async () => {
    const { client } = await user('abandoned');
    const sha256 = await putChunk(client, randomBytes(100));

    const report = await collector.collect({ now: afterGrace() });

    expect(report.chunksRemoved).toBeGreaterThanOrEqual(1);
    expect(stored(sha256)).toBe(false);
    const missing = await client.post('/chunks/missing', { hashes: [sha256] });
    expect(missing.body.missing).toEqual([sha256]);
    const rows = await database.query('SELECT 1 FROM chunk_uploads WHERE sha256 = $1', [sha256]);
    expect(rows.rowCount).toBe(0);
  });

  it('rejects a commit of a collected chunk', async () => {
    const { client, root } = await user('late-commit');
    const bytes = randomBytes(100);
    const sha256 = await putChunk(client, bytes);
    await collector.collect({ now: afterGrace() });

    const commit = await client.post('/files', {
      parentId: root,
      name: 'late.bin',
      size: bytes.length,
      sha256,
      mtime: new Date().toISOString(),
      chunks: [{ sha256, size: bytes.length }],
    });

    expect(commit.status).toBe(409);
    expect(commit.body.code).toBe('CHUNK_MISSING');
    expect(commit.body.missing).toEqual([sha256]);
  });

  it('keeps the chunks of committed versions', async () => {
    const { client, root } = await user('committed');
    const pieces = [randomBytes(300), randomBytes(200)];
    const added = await client.uploadFile({ parentId: root, name: 'kept.bin' }, pieces);
    expect(added.status).toBe(201);

    await collector.collect({ now: afterGrace() });

    for (const piece of pieces) expect(stored(sha256Hex(piece))).toBe(true);
    const content = await client.get(`/files/${added.body.node.id}/content`);
    expect(Buffer.compare(content.body, Buffer.concat(pieces))).toBe(0);
  });

  it('keeps the chunks of a rejected conflict version', async () => {
    const { client, root } = await user('rejected');
    const added = await client.uploadFile({ parentId: root, name: 'c.bin' }, [randomBytes(50)]);
    const nodeId = added.body.node.id;
    const base = added.body.version.id;
    await client.uploadFile({ nodeId, baseVersionId: base }, [randomBytes(50)]);
    const losing = randomBytes(50);
    const sha256 = await putChunk(client, losing);
    const rejected = await client.post(`/files/${nodeId}/versions`, {
      baseVersionId: base,
      size: losing.length,
      sha256,
      mtime: new Date().toISOString(),
      chunks: [{ sha256, size: losing.length }],
      conflictStrategy: 'SERVER_WINS',
    });
    expect(rejected.body.conflict.resolution).toBe('KEPT_HEAD');

    await collector.collect({ now: afterGrace() });

    expect(stored(sha256)).toBe(true);
    const versionId = rejected.body.conflict.incomingVersionId;
    const content = await client.get(`/files/${nodeId}/versions/${versionId}/content`);
    expect(Buffer.compare(content.body, losing)).toBe(0);
  });

  it('collects the chunks of pruned versions', async () => {
    const { client, driveId, root } = await user('pruned');
    await client.put(`/drives/${driveId}/retention`, { keepVersions: 1 });
    const first = randomBytes(100);
    const second = randomBytes(100);
    const added = await client.uploadFile({ parentId: root, name: 'p.bin' }, [first]);
    const nodeId = added.body.node.id;
    await client.uploadFile({ nodeId, baseVersionId: added.body.version.id }, [second]);

    const report = await job.runOnce({ now: afterGrace() });

    expect(report.retention?.events).toBeGreaterThanOrEqual(1);
    expect(stored(sha256Hex(first))).toBe(false);
    expect(stored(sha256Hex(second))).toBe(true);
    const content = await client.get(`/files/${nodeId}/content`);
    expect(Buffer.compare(content.body, second)).toBe(0);
  });

  it('collects purged files but keeps shared chunks', async () => {
    const { client, root } = await user('purged');
    const shared = randomBytes(100);
    const own = randomBytes(100);
    const gone = await client.uploadFile({ parentId: root, name: 'gone.bin' }, [shared, own]);
    const kept = await client.uploadFile({ parentId: root, name: 'kept.bin' }, [shared]);
    await client.delete(`/nodes/${gone.body.node.id}`);
    expect((await client.delete(`/trash/${gone.body.node.id}`)).status).toBe(204);

    await job.runOnce({ now: afterGrace() });

    expect(stored(sha256Hex(own))).toBe(false);
    expect(stored(sha256Hex(shared))).toBe(true);
    const content = await client.get(`/files/${kept.body.node.id}/content`);
    expect(Buffer.compare(content.body, shared)).toBe(0);
  });

  it('removes upload rows past the grace period', async () => {
    const { client, root } = await user('stale-rows');
    const piece = randomBytes(100);
    await client.uploadFile({ parentId: root, name: 'rows.bin' }, [piece]);
    const sha256 = sha256Hex(piece);

    const report = await collector.collect({ now: afterGrace() });

    expect(report.uploadRowsRemoved).toBeGreaterThanOrEqual(1);
    const rows = await database.query('SELECT 1 FROM chunk_uploads WHERE sha256 = $1', [sha256]);
    expect(rows.rowCount).toBe(0);
    // The uploader still holds the chunk through the version it can read.
    expect((await client.post('/chunks/missing', { hashes: [sha256] })).body.missing).toEqual([]);
  });
});
