import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('bearer authentication', () => {
  let server: TestServer;
  let alice: HttpClient;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('challenges a request without a token', async () => {
    const answer = await alice.withToken(null).get('/me');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="scaidrive"');
  });

  it('challenges a rejected token with invalid_token', async () => {
    const answer = await alice.withToken(`${alice.token!.slice(0, -4)}AAAA`).get('/me');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe(
      'Bearer realm="scaidrive", error="invalid_token"',
    );
  });

  it.each(['bearer', 'BEARER', 'bEaReR'])('accepts the scheme written %s', async (scheme) => {
    const answer = await alice
      .withToken(null)
      .get('/me', { authorization: `${scheme} ${alice.token}` });
    expect(answer.status).toBe(200);
  });
});
