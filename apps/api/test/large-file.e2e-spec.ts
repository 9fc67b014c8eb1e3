import { createHash, randomBytes } from 'node:crypto';
import { HttpClient, sha256Hex, startTestServer, type TestServer } from '@scaidrive/testing';

const CHUNK = randomBytes(4 * 1024 * 1024);
// 1,100 references to one 4 MiB chunk make a 4.3 GiB file while the test stores 4 MiB.
const REPEATS = 1100;
const SIZE = CHUNK.length * REPEATS;

describe('files over 4 GiB', () => {
  let server: TestServer;
  let alice: HttpClient;

  beforeAll(async () => {
    server = await startTestServer();
    alice = new HttpClient(server.url, await server.token('alice'));
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('commits a 4.3 GiB version and serves ranges past 4 GiB', async () => {
    const root = (await alice.get('/me')).body.rootFolderId;
    const hash = sha256Hex(CHUNK);
    expect((await alice.put(`/chunks/${hash}`, CHUNK)).status).toBe(201);
    const whole = createHash('sha256');
    for (let index = 0; index < REPEATS; index++) whole.update(CHUNK);
    const commit = await alice.post('/files', {
      parentId: root,
      name: 'huge.bin',
      size: SIZE,
      sha256: whole.digest('hex'),
      mtime: new Date().toISOString(),
      chunks: Array.from({ length: REPEATS }, () => ({ sha256: hash, size: CHUNK.length })),
    });
    expect(commit.status).toBe(201);
    expect(commit.body.version.size).toBe(SIZE);
    expect(SIZE).toBeGreaterThan(2 ** 32);

    const start = 2 ** 32 + 12_345;
    const range = await alice.get(`/files/${commit.body.node.id}/content`, {
      range: `bytes=${start}-${start + 99}`,
    });
    expect(range.status).toBe(206);
    expect(range.headers.get('content-range')).toBe(`bytes ${start}-${start + 99}/${SIZE}`);
    const offset = start % CHUNK.length;
    expect(Buffer.compare(range.body, CHUNK.subarray(offset, offset + 100))).toBe(0);

    const tail = await alice.get(`/files/${commit.body.node.id}/content`, { range: 'bytes=-10' });
    expect(Buffer.compare(tail.body, CHUNK.subarray(CHUNK.length - 10))).toBe(0);
  });
});
