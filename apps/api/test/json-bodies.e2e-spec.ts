import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('JSON request bodies', () => {
  let server: TestServer;
  let alice: HttpClient;
  let root: string;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
    root = (await alice.get('/me')).body.rootFolderId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** Sends raw body bytes as application/json, which HttpClient would encode itself. */
  function postRaw(path: string, body: string | Buffer) {
    return fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body,
    });
  }

  it('rejects a body nested 1,500 levels deep with 400', async () => {
    const depth = 1_500;
    const answer = await postRaw(
      '/chunks/missing',
      `{"hashes":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await answer.json()) as { detail: string };
    expect(problem.detail).toMatch(/nests 1501 levels/);
  });

  it('rejects a body nested 33 levels deep', async () => {
    const answer = await postRaw(
      '/chunks/missing',
      `{"hashes":${'['.repeat(32)}${']'.repeat(32)}}`,
    );
    expect(answer.status).toBe(400);
  });

  it('rejects invalid UTF-8 and stores nothing', async () => {
    const body = Buffer.concat([
      Buffer.from(`{"parentId":"${root}","name":"bad`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const answer = await postRaw('/folders', body);
    expect(answer.status).toBe(400);
    const problem = (await answer.json()) as { detail: string };
    expect(problem.detail).toMatch(/UTF-8/);
    const listing = await alice.get(`/folders/${root}/children`);
    const names = listing.body.items.map((node: { name: string }) => node.name);
    expect(names.filter((name: string) => name.startsWith('bad'))).toEqual([]);
  });

  it('accepts valid multibyte UTF-8', async () => {
    const answer = await postRaw(
      '/folders',
      Buffer.from(JSON.stringify({ parentId: root, name: 'Café 📁' }), 'utf8'),
    );
    expect(answer.status).toBe(201);
  });
});
