import { randomUUID } from 'node:crypto';
import { HttpClient, sha256Hex, startTestServer, type TestServer } from '@scaidrive/testing';
import { MAX_CHUNKS_PER_VERSION } from '../src/files/dto/commit-version.dto.js';

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

  describe('chunks per version', () => {
    /** A version of `count` copies of one uploaded byte. */
    async function versionOf(byte: string, count: number) {
      const chunk = Buffer.from(byte);
      expect((await alice.put(`/chunks/${sha256Hex(chunk)}`, chunk)).status).toBeLessThan(300);
      return {
        size: count,
        sha256: sha256Hex(Buffer.from(byte.repeat(count))),
        mtime: new Date().toISOString(),
        chunks: Array.from({ length: count }, () => ({ sha256: sha256Hex(chunk), size: 1 })),
      };
    }

    it('accepts the maximum, also in a conflict kept as a copy', async () => {
      const added = await alice.post('/files', {
        ...(await versionOf('x', MAX_CHUNKS_PER_VERSION)),
        parentId: root,
        name: 'many-chunks.bin',
      });
      expect(added.status).toBe(201);
      // A stale base makes a conflict, whose append carries the chunk list twice.
      const conflict = await alice.post(`/files/${added.body.node.id}/versions`, {
        ...(await versionOf('y', MAX_CHUNKS_PER_VERSION)),
        baseVersionId: null,
        conflictStrategy: 'KEEP_BOTH',
      });
      expect(conflict.status).toBeLessThan(300);
      expect(conflict.body.conflict).toBeTruthy();
    });

    it('rejects one chunk more than the maximum with 400', async () => {
      const answer = await alice.post('/files', {
        ...(await versionOf('z', MAX_CHUNKS_PER_VERSION + 1)),
        parentId: root,
        name: 'too-many-chunks.bin',
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('INVALID_ARGUMENT');
    });
  });
});
