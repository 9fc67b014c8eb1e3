import { randomUUID } from 'node:crypto';
import { HttpClient, sha256Hex, startTestServer, type TestServer } from '@scaidrive/testing';

describe('chunk lists of a version', () => {
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

  describe('missing chunks', () => {
    function commitOf(pieces: Buffer[], name: string) {
      const whole = Buffer.concat(pieces);
      return alice.post('/files', {
        parentId: root,
        name,
        size: whole.length,
        sha256: sha256Hex(whole),
        mtime: new Date().toISOString(),
        chunks: pieces.map((piece) => ({ sha256: sha256Hex(piece), size: piece.length })),
      });
    }

    it('names one missing chunk in the singular', async () => {
      const answer = await commitOf([Buffer.from(randomUUID())], 'one-missing.txt');
      expect(answer.status).toBe(409);
      expect(answer.body.detail).toBe('1 chunk must be uploaded first');
    });

    it('names two missing chunks in the plural', async () => {
      const pieces = [Buffer.from(randomUUID()), Buffer.from(randomUUID())];
      const answer = await commitOf(pieces, 'two-missing.txt');
      expect(answer.status).toBe(409);
      expect(answer.body.detail).toBe('2 chunks must be uploaded first');
    });
  });
});
