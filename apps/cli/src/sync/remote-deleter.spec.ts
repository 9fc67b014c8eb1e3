import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseFile, baseFolder } from '../../../../test/support/sync-plan-fixtures.js';
import { createSyncContext } from '../../../../test/support/sync-context-fixture.js';
import type { NodeDto } from '../api/api-types.js';
import { RemoteDeleter } from './remote-deleter.js';

function child(id: string, versionId: string | null): Partial<NodeDto> {
  return {
    id,
    kind: versionId ? 'file' : 'folder',
    version: versionId ? ({ id: versionId } as never) : null,
  };
}

describe('RemoteDeleter', () => {
  let root: string;
  const deleted: string[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'deleter-'));
    deleted.length = 0;
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function setUp(
    children: Record<string, Partial<NodeDto>[]>,
    nodes: Record<string, unknown>,
  ) {
    const { context, warnings } = await createSyncContext(root, {
      listChildren: async (id: string) => children[id] ?? [],
      getNode: async (id: string) => nodes[id] ?? null,
      deleteNode: async (id: string) => void deleted.push(id),
    });
    context.state.base.set('docs', baseFolder('d'));
    context.state.base.set('docs/a.txt', baseFile('a', 'v1'));
    return { context, warnings, deleter: new RemoteDeleter(context) };
  }

  it('deletes a folder whose contents are all known', async () => {
    const { context, deleter } = await setUp({ d: [child('a', 'v1')] }, {});
    await deleter.delete({ path: 'docs', base: baseFolder('d'), replaced: false });
    expect(deleted).toEqual(['d']);
    expect(context.state.base.size).toBe(0);
    expect(context.stats.filesDeleted).toBe(2);
  });

  it('keeps a folder with remote changes', async () => {
    const { context, warnings, deleter } = await setUp(
      { d: [child('a', 'v1'), child('new', 'v9')] },
      { a: { id: 'a', version: { id: 'v1' } } },
    );
    await deleter.delete({ path: 'docs', base: baseFolder('d'), replaced: false });
    expect(deleted).toEqual(['a']);
    expect(context.state.base.has('docs')).toBe(true);
    expect(warnings[0]).toContain('kept remote folder docs: it has 1 changes');
  });

  it('keeps a file changed remotely', async () => {
    const { context, deleter } = await setUp({}, { a: { id: 'a', version: { id: 'v2' } } });
    await deleter.delete({ path: 'docs/a.txt', base: baseFile('a', 'v1'), replaced: false });
    expect(deleted).toEqual([]);
    expect(context.state.base.has('docs/a.txt')).toBe(true);
  });

  it('skips a node that another path still uses', async () => {
    const { context, deleter } = await setUp({}, { a: { id: 'a', version: { id: 'v1' } } });
    context.state.base.set('Docs/A.txt', baseFile('a', 'v1'));
    await deleter.delete({ path: 'docs/a.txt', base: baseFile('a', 'v1'), replaced: false });
    expect(deleted).toEqual([]);
    expect(context.state.base.has('docs/a.txt')).toBe(false);
    expect(context.state.base.has('Docs/A.txt')).toBe(true);
  });
});
