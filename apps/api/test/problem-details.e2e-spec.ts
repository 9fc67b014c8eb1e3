import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('problem details', () => {
  let server: TestServer;
  let alice: HttpClient;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
  });

  afterAll(async () => {
    await server?.stop();
  });

  describe('conflict status filter', () => {
    it.each(['status=bogus', 'status=OPEN', 'status=', 'status=open&status=all'])(
      'rejects %s with 400',
      async (query) => {
        const answer = await alice.get(`/conflicts?${query}`);
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body.status).toBe(400);
        expect(answer.body.title).toBe('Bad Request');
        expect(answer.body.code).toBe('INVALID_ARGUMENT');
        expect(answer.body.detail).toMatch(/status/);
      },
    );

    it.each(['', '?status=open', '?status=resolved', '?status=all'])(
      'accepts %j',
      async (query) => {
        expect((await alice.get(`/conflicts${query}`)).status).toBe(200);
      },
    );
  });

  it('titles 415 by its reason phrase', async () => {
    const answer = await fetch(`${server.url}/api/v1/folders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'text/plain' },
      body: 'name=x',
    });
    expect(answer.status).toBe(415);
    const problem = (await answer.json()) as { title: string };
    expect(problem.title).toBe('Unsupported Media Type');
  });
});
