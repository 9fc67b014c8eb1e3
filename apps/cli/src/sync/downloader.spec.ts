import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededBytes } from '../../../../test/support/seeded-bytes.js';
import { createSyncContext } from '../../../../test/support/sync-context-fixture.js';
import { chunkFile, collectChunks } from '@scaidrive/chunking';
import { Downloader } from './downloader.js';
import { TransferError } from './transfer-error.js';

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function remoteFor(content: Buffer) {
  const version = {
    id: 'v2',
    size: content.length,
    sha256: sha256(content),
    mtime: '2026-01-02T03:04:05.000Z',
  };
  return { nodeId: 'n', kind: 'file' as const, version };
}

async function* body(content: Buffer): AsyncGenerator<Uint8Array> {
  yield content;
}

describe('Downloader', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'download-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes a whole file with the remote mtime', async () => {
    const content = Buffer.from('hello');
    const { context } = await createSyncContext(root, {
      downloadVersion: async () => body(content),
    });
    const entry = await new Downloader(context).download({
      path: 'dir/a.txt',
      remote: remoteFor(content),
      expected: null,
      reuseFrom: null,
    });
    expect(await readFile(join(root, 'dir/a.txt'), 'utf8')).toBe('hello');
    expect((await stat(join(root, 'dir/a.txt'))).mtime.toISOString()).toBe(
      '2026-01-02T03:04:05.000Z',
    );
    expect(entry?.versionId).toBe('v2');
    expect(context.stats.bytesDownloaded).toBe(5);
  });

  it('rejects content with another hash', async () => {
    const { context } = await createSyncContext(root, {
      downloadVersion: async () => body(Buffer.from('tampered')),
    });
    const request = {
      path: 'a.txt',
      remote: remoteFor(Buffer.from('original')),
      expected: null,
      reuseFrom: null,
    };
    await expect(new Downloader(context).download(request)).rejects.toThrow(TransferError);
    await expect(stat(join(root, 'a.txt'))).rejects.toThrow('ENOENT');
  });

  it('fetches only chunks missing locally', async () => {
    const old = seededBytes(12 * 1024 * 1024, 'old');
    const updated = Buffer.from(old);
    seededBytes(100_000, 'patch').copy(updated, 6 * 1024 * 1024);
    await writeFile(join(root, 'big.bin'), old);
    await writeFile(join(root, 'new.bin'), updated);
    const { chunks } = await collectChunks(chunkFile(join(root, 'new.bin')));
    await rm(join(root, 'new.bin'));
    const fetched: string[] = [];
    const { context } = await createSyncContext(root, {
      getVersion: async () => ({ chunks }),
      getChunk: async (hash: string) => {
        fetched.push(hash);
        const chunk = chunks.find((candidate) => candidate.sha256 === hash)!;
        return updated.subarray(chunk.offset, chunk.offset + chunk.size);
      },
    });
    const before = await stat(join(root, 'big.bin'));
    const expected = { kind: 'file' as const, size: before.size, mtimeMs: before.mtimeMs };
    await new Downloader(context).download({
      path: 'big.bin',
      remote: remoteFor(updated),
      expected,
      reuseFrom: 'big.bin',
    });
    expect((await readFile(join(root, 'big.bin'))).equals(updated)).toBe(true);
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.length).toBeLessThanOrEqual(2);
    expect(context.stats.chunksReused).toBe(chunks.length - fetched.length);
  });

  it('keeps a local file that changed meanwhile', async () => {
    await writeFile(join(root, 'a.txt'), 'local edit');
    const content = Buffer.from('remote');
    const { context, warnings } = await createSyncContext(root, {
      downloadVersion: async () => body(content),
    });
    const entry = await new Downloader(context).download({
      path: 'a.txt',
      remote: remoteFor(content),
      expected: { kind: 'file', size: 3, mtimeMs: 1 },
      reuseFrom: null,
    });
    expect(entry).toBeNull();
    expect(await readFile(join(root, 'a.txt'), 'utf8')).toBe('local edit');
    expect(warnings).toEqual(['warning: kept a.txt: it changed locally during the sync']);
  });
});
