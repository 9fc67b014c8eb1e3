import { signDevToken } from '@scaidrive/auth';
import { HttpClient, LinkVisitor, startTestServer, type TestServer } from '@scaidrive/testing';

// Each round races PARALLEL downloads of a fresh link against its cap.
const ROUNDS = Number(process.env.LINK_CAP_ROUNDS ?? 50);
const PARALLEL = 20;

describe('download caps under concurrent downloads', () => {
  let server: TestServer;
  let alice: HttpClient;
  let fileId: string;
  const content = Buffer.alloc(64 * 1024, 'capped ');

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(
      server.url,
      await signDevToken({ dataDir: server.dataDir, user: 'alice' }),
    );
    const root = (await alice.get('/me')).body.rootFolderId;
    const added = await alice.uploadFile({ parentId: root, name: 'capped.bin' }, [content]);
    expect(added.status).toBe(201);
    fileId = added.body.node.id;
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** Fires PARALLEL downloads at once, each from its own connection and loopback address. */
  async function race(limit: number) {
    const created = await alice.post('/links', { nodeId: fileId, downloadLimit: limit });
    expect(created.status).toBe(201);
    const path = `/public/links/${created.body.token}/content`;
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, index) =>
        new LinkVisitor(server.url, `127.0.1.${index + 1}`).get(path),
      ),
    );
    return { linkId: created.body.id as string, responses };
  }

  it('allows exactly one download at cap 1', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { linkId, responses } = await race(1);
      const allowed = responses.filter((response) => response.status === 200);
      expect(allowed).toHaveLength(1);
      expect(allowed[0]!.bytes.equals(content)).toBe(true);
      const rejected = responses.filter((response) => response.status === 403);
      expect(rejected.map((response) => response.body.code)).toEqual(
        Array(PARALLEL - 1).fill('DOWNLOAD_LIMIT_REACHED'),
      );
      const log = (await alice.get(`/links/${linkId}/accesses?limit=100`)).body.items;
      const outcomes = log.map((entry: any) => `${entry.outcome}:${entry.reason ?? '-'}`).sort();
      expect(outcomes).toEqual([
        'allowed:-',
        ...Array(PARALLEL - 1).fill('denied:DOWNLOAD_LIMIT_REACHED'),
      ]);
      const link = (await alice.get(`/links/${linkId}`)).body;
      expect([link.downloads, link.status]).toEqual([1, 'exhausted']);
    }
  });

  it('takes no download for HEAD or 416', async () => {
    const created = await alice.post('/links', { nodeId: fileId, downloadLimit: 1 });
    const path = `/public/links/${created.body.token}/content`;
    const visitor = new LinkVisitor(server.url);
    const head = await visitor.send('HEAD', path);
    expect([head.status, head.headers['content-length']]).toEqual([200, String(content.length)]);
    const pastTheEnd = await visitor.get(path, { range: `bytes=${content.length}-` });
    expect(pastTheEnd.status).toBe(416);
    expect((await visitor.get(path)).status).toBe(200);
    expect((await visitor.send('HEAD', path)).status).toBe(403);
    expect((await visitor.get(path)).status).toBe(403);
  });

  it('gives exactly N downloads to a cap of N', async () => {
    for (const limit of [3, 7, PARALLEL]) {
      const { responses } = await race(limit);
      expect(responses.filter((response) => response.status === 200)).toHaveLength(limit);
    }
  });
});
