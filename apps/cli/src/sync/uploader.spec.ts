import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededBytes } from '../../../../test/support/seeded-bytes.js';
import { createSyncContext } from '../../../../test/support/sync-context-fixture.js';
import { ApiError } from '../api/api-error.js';
import type { CommitContent } from '../api/api-types.js';
import { Uploader } from './uploader.js';

describe('Uploader', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'upload-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function plannedUpload(name: string, content: Buffer) {
    await writeFile(join(root, name), content);
    const stats = await stat(join(root, name));
    return {
      path: name,
      local: { kind: 'file' as const, size: stats.size, mtimeMs: stats.mtimeMs },
      base: null,
    };
  }

  it('sends only the chunks the server lacks', async () => {
    const item = await plannedUpload('a.bin', seededBytes(3 * 1024 * 1024, 'a'));
    const put: string[] = [];
    let committed: CommitContent | null = null;
    const { context } = await createSyncContext(root, {
      missingChunks: async (hashes: string[]) => new Set(hashes.slice(1)),
      putChunk: async (hash: string) => void put.push(hash),
      createFile: async (_parent: string, _name: string, content: CommitContent) => {
        committed = content;
        return { node: {}, version: {}, conflict: null };
      },
    });
    const uploader = new Uploader(context);
    const prepared = await uploader.prepare(item);
    if (prepared.type !== 'hashed') throw new Error('expected a hashed file');
    await uploader.send(prepared, 'root');
    expect(put).toEqual(prepared.content.chunks.slice(1).map((chunk) => chunk.sha256));
    expect(context.stats.chunksReused).toBe(1);
    expect(committed!.sha256).toBe(prepared.content.sha256);
    expect(committed!.chunks).toHaveLength(prepared.content.chunks.length);
  });

  it('resends chunks the commit reports missing', async () => {
    const item = await plannedUpload('b.txt', Buffer.from('small file'));
    let commits = 0;
    const put: string[] = [];
    const { context } = await createSyncContext(root, {
      missingChunks: async () => new Set<string>(),
      putChunk: async (hash: string) => void put.push(hash),
      createFile: async (_parent: string, _name: string, content: CommitContent) => {
        commits++;
        if (commits === 1) {
          const missing = content.chunks.map((chunk) => chunk.sha256);
          throw new ApiError('chunk missing', 409, 'CHUNK_MISSING', 'missing', { missing });
        }
        return { node: {}, version: {}, conflict: null };
      },
    });
    const uploader = new Uploader(context);
    const prepared = await uploader.prepare(item);
    if (prepared.type !== 'hashed') throw new Error('expected a hashed file');
    const outcome = await uploader.send(prepared, 'root');
    expect(outcome.type).toBe('committed');
    expect(commits).toBe(2);
    expect(put).toEqual([prepared.content.chunks[0].sha256]);
  });

  it('reports a name taken remotely', async () => {
    const item = await plannedUpload('c.txt', Buffer.from('c'));
    const { context } = await createSyncContext(root, {
      missingChunks: async () => new Set<string>(),
      createFile: async () => {
        throw new ApiError('exists', 409, 'NAME_CONFLICT', 'exists');
      },
    });
    const uploader = new Uploader(context);
    const prepared = await uploader.prepare(item);
    if (prepared.type !== 'hashed') throw new Error('expected a hashed file');
    expect(await uploader.send(prepared, 'root')).toEqual({ type: 'nameTaken' });
  });

  it('reports a file that changed before hashing ended', async () => {
    const item = await plannedUpload('d.txt', Buffer.from('d'));
    await writeFile(join(root, 'd.txt'), 'longer now');
    const { context } = await createSyncContext(root, {});
    expect(await new Uploader(context).prepare(item)).toEqual({ type: 'busy' });
  });
});
