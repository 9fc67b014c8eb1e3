import { createHash } from 'node:crypto';
import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

// The full size is 10,000 files: ACCESS_FEED_FILES=10000 npm run test:e2e -- --testPathPatterns
// access-feed-scale. CI runs a smaller tree to stay within its time budget.
const FILES = Number(process.env.ACCESS_FEED_FILES ?? 2000);
const FOLDERS = Math.max(1, Math.round(FILES / 100));
const EMPTY_SHA256 = createHash('sha256').digest('hex');

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

describe('the change feed under an access change on a large folder', () => {
  let server: TestServer;

  afterAll(async () => {
    await server?.stop();
  });

  it('delivers exactly the additions, then exactly the removals, to a long-polling reader', async () => {
    server = await startTestServer();
    const alice = new HttpClient(server.url, await server.token('alice'));
    const bob = new HttpClient(server.url, await server.token('bob'));
    await alice.get('/me');
    const bobId = (await bob.get('/me')).body.userId;
    const share = (await alice.post('/shares', { name: 'Archive' })).body;
    await alice.put(`/shares/${share.shareId}/members/user/${bobId}`, { role: 'reader' });
    const big = (await alice.post('/folders', { parentId: share.rootFolderId, name: 'Big' })).body
      .id as string;
    const folders: string[] = [];
    for (let index = 0; index < FOLDERS; index++) {
      folders.push((await alice.post('/folders', { parentId: big, name: `d${index}` })).body.id);
    }
    const files = Array.from({ length: FILES }, (_, index) => index);
    await inParallel(files, 8, async (index) => {
      const added = await alice.post('/files', {
        parentId: folders[index % FOLDERS],
        name: `f${index}.txt`,
        size: 0,
        sha256: EMPTY_SHA256,
        mtime: new Date().toISOString(),
        chunks: [],
      });
      expect(added.status).toBe(201);
    });
    const expected = new Set<string>(['/Big']);
    for (let index = 0; index < FOLDERS; index++) expected.add(`/Big/d${index}`);
    for (const index of files) expected.add(`/Big/d${index % FOLDERS}/f${index}.txt`);

    const deny = {
      entries: [
        {
          principal: { kind: 'user', id: bobId },
          type: 'deny',
          rights: ['LIST', 'READ'],
          inheritance: ['OBJECT', 'CONTAINER'],
        },
      ],
    };
    // Bob starts without access to the folder; his listing leaves it out.
    expect((await alice.put(`/nodes/${big}/security`, deny)).status).toBe(200);

    let cursor: string | undefined;
    const listed: string[] = [];
    for (;;) {
      const query = cursor ? `&cursor=${cursor}` : '';
      const page = await bob.get(`/sync/changes?tree=${share.treeId}&limit=1000${query}`);
      listed.push(...page.body.changes.map((change: any) => change.node?.path ?? change.path));
      cursor = page.body.cursor;
      if (!page.body.hasMore) break;
    }
    expect(listed.filter((path) => path.startsWith('/Big'))).toEqual([]);

    async function follow(change: () => Promise<unknown>) {
      const started = Date.now();
      const seen: any[] = [];
      let firstAfter: number | null = null;
      const reading = (async () => {
        while (seen.length < expected.size) {
          const page = await bob.get(
            `/sync/changes?tree=${share.treeId}&cursor=${cursor}&limit=1000&wait=30`,
          );
          expect(page.status).toBe(200);
          if (page.body.changes.length > 0 && firstAfter === null)
            firstAfter = Date.now() - started;
          seen.push(...page.body.changes);
          cursor = page.body.cursor;
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const changeStarted = Date.now();
      await change();
      const applied = Date.now() - changeStarted;
      await reading;
      return { seen, applied, first: firstAfter, total: Date.now() - changeStarted };
    }

    const grant = await follow(() => alice.put(`/nodes/${big}/security`, { entries: [] }));
    expect(grant.seen.every((change) => change.op === 'upsert')).toBe(true);
    expect(new Set(grant.seen.map((change) => change.node.path))).toEqual(expected);
    expect(grant.seen).toHaveLength(expected.size);

    const revoke = await follow(() => alice.put(`/nodes/${big}/security`, deny));
    expect(revoke.seen.every((change) => change.op === 'delete')).toBe(true);
    expect(new Set(revoke.seen.map((change) => change.path))).toEqual(expected);
    expect(revoke.seen).toHaveLength(expected.size);

    // Nothing else follows: the reader is up to date.
    const after = await bob.get(`/sync/changes?tree=${share.treeId}&cursor=${cursor}`);
    expect(after.body.changes).toEqual([]);
    process.stdout.write(
      `access change on ${expected.size} nodes: grant applied in ${grant.applied} ms, ` +
        `all additions read after ${grant.total} ms; revoke applied in ${revoke.applied} ms, ` +
        `all removals read after ${revoke.total} ms\n`,
    );
  });
});
