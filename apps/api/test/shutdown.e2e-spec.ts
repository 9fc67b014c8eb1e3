import { setTimeout as sleep } from 'node:timers/promises';
import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

describe('server shutdown', () => {
  let server: TestServer;

  afterEach(async () => {
    await server?.stop();
  });

  it('answers a waiting long-poll and stops within seconds', async () => {
    server = await startTestServer();
    const alice = new HttpClient(server.url, await server.token('alice'));
    // Two requests at once leave two keep-alive connections in fetch's pool, so one stays idle
    // while the long-poll below uses the other.
    const [first] = await Promise.all([alice.get('/sync/changes'), alice.get('/me')]);
    expect(first.status).toBe(200);
    const poll = alice.get(`/sync/changes?cursor=${first.body.cursor}&wait=55`);
    // Gives the long-poll time to read its empty page and start waiting.
    await sleep(500);

    const started = Date.now();
    await server.stopServer();
    const stopMs = Date.now() - started;

    const answer = await poll;
    expect(stopMs).toBeLessThan(5_000);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.body.code).toBe('SERVER_STOPPING');
  });

  it('rejects new connections once stopped', async () => {
    server = await startTestServer();
    const alice = new HttpClient(server.url, await server.token('alice'));
    expect((await alice.get('/me')).status).toBe(200);
    await server.stopServer();
    await expect(alice.get('/me')).rejects.toThrow();
  });
});
