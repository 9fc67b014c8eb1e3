import { HttpClient, startTestServer, type TestServer } from '@scaidrive/testing';

const ROUNDS = Number(process.env.OPPOSITE_MOVE_ROUNDS ?? 200);

describe('concurrent opposite moves', () => {
  let server: TestServer;
  let alice: HttpClient;
  let phone: HttpClient;
  let root: string;

  beforeAll(async () => {
    server = await startTestServer();
    const token = await server.token('alice');
    alice = new HttpClient(server.url, token);
    phone = new HttpClient(server.url, token);
    root = (await alice.get('/me')).body.rootFolderId;
  });

  afterAll(async () => {
    await server?.stop();
  });

  it(`lets exactly one of two opposite moves win, ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = (await alice.post('/folders', { parentId: root, name: `A${round}` })).body.id;
      const b = (await alice.post('/folders', { parentId: root, name: `B${round}` })).body.id;
      await alice.post('/folders', { parentId: a, name: 'inside-a' });
      await alice.post('/folders', { parentId: b, name: 'inside-b' });
      const [first, second] = await Promise.all([
        alice.patch(`/nodes/${a}`, { parentId: b }),
        phone.patch(`/nodes/${b}`, { parentId: a }),
      ]);
      const statuses = [first.status, second.status].sort();
      expect({ round, statuses }).toEqual({ round, statuses: [200, 409] });
      const loser = first.status === 409 ? first : second;
      expect(loser.body.code).toBe('MOVE_CYCLE');

      const nodeA = (await alice.get(`/nodes/${a}`)).body;
      const nodeB = (await alice.get(`/nodes/${b}`)).body;
      const expected =
        first.status === 200
          ? { a: `/B${round}/A${round}`, b: `/B${round}` }
          : { a: `/A${round}`, b: `/A${round}/B${round}` };
      expect({ a: nodeA.path, b: nodeB.path }).toEqual(expected);
      const inside = await alice.get(`/nodes?path=${encodeURIComponent(`${expected.a}/inside-a`)}`);
      expect(inside.status).toBe(200);
    }
  });
});
