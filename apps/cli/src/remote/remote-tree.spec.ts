import { describe, expect, it } from '@jest/globals';
import type { NodeDto } from '../api/api-types.js';
import type { RemoteNode } from '../state/sync-state.js';
import { applyChange, isReachable, listRemote, pruneUnreachable } from './remote-tree.js';

const ROOT = 'root';

function node(id: string, parentId: string, name: string, kind: 'file' | 'folder'): NodeDto {
  const version =
    kind === 'file'
      ? { id: `${id}-v1`, number: 1, size: 1, sha256: 'aa', mtime: '2026-01-01T00:00:00Z' }
      : null;
  return { id, parentId, name, path: `/${name}`, kind, version, updatedAt: '' };
}

function tree(): Map<string, RemoteNode> {
  const remote = new Map<string, RemoteNode>();
  remote.set(ROOT, { parentId: null, name: '', kind: 'folder', version: null });
  return remote;
}

describe('remote tree', () => {
  it('lists upserted nodes by path', () => {
    const remote = tree();
    applyChange(remote, { op: 'upsert', node: node('d', ROOT, 'docs', 'folder') }, ROOT);
    applyChange(remote, { op: 'upsert', node: node('a', 'd', 'a.txt', 'file') }, ROOT);
    const { byPath, pathById } = listRemote(remote, ROOT);
    expect([...byPath.keys()].sort()).toEqual(['docs', 'docs/a.txt']);
    expect(byPath.get('docs/a.txt')?.version?.id).toBe('a-v1');
    expect(pathById.get('a')).toBe('docs/a.txt');
  });

  it('moves descendants with a renamed folder', () => {
    const remote = tree();
    applyChange(remote, { op: 'upsert', node: node('d', ROOT, 'docs', 'folder') }, ROOT);
    applyChange(remote, { op: 'upsert', node: node('a', 'd', 'a.txt', 'file') }, ROOT);
    const renamed = {
      op: 'upsert' as const,
      node: node('d', ROOT, 'papers', 'folder'),
      previousPath: '/docs',
    };
    expect(applyChange(remote, renamed, ROOT)).toBeNull();
    expect(listRemote(remote, ROOT).pathById.get('a')).toBe('papers/a.txt');
  });

  it('drops descendants of a deleted folder', () => {
    const remote = tree();
    applyChange(remote, { op: 'upsert', node: node('d', ROOT, 'docs', 'folder') }, ROOT);
    applyChange(remote, { op: 'upsert', node: node('a', 'd', 'a.txt', 'file') }, ROOT);
    applyChange(remote, { op: 'delete', nodeId: 'd', path: '/docs', kind: 'folder' }, ROOT);
    expect(listRemote(remote, ROOT).byPath.size).toBe(0);
    pruneUnreachable(remote, ROOT);
    expect([...remote.keys()]).toEqual([ROOT]);
  });

  it('ignores nodes outside the root', () => {
    const remote = tree();
    applyChange(remote, { op: 'upsert', node: node('o', 'elsewhere', 'other', 'folder') }, ROOT);
    expect(listRemote(remote, ROOT).byPath.size).toBe(0);
    expect(isReachable(remote, 'o', ROOT)).toBe(false);
  });

  it('reports a folder moved in from outside', () => {
    const remote = tree();
    const change = {
      op: 'upsert' as const,
      node: node('m', ROOT, 'moved', 'folder'),
      previousPath: '/outside/moved',
    };
    expect(applyChange(remote, change, ROOT)).toBe('m');
  });

  it('does not report a folder moved within the root', () => {
    const remote = tree();
    applyChange(remote, { op: 'upsert', node: node('d', ROOT, 'docs', 'folder') }, ROOT);
    const change = {
      op: 'upsert' as const,
      node: node('d', ROOT, 'b', 'folder'),
      previousPath: '/docs',
    };
    expect(applyChange(remote, change, ROOT)).toBeNull();
  });

  it('does not report a folder moved outside', () => {
    const remote = tree();
    const change = {
      op: 'upsert' as const,
      node: node('m', 'elsewhere', 'moved', 'folder'),
      previousPath: '/x/moved',
    };
    expect(applyChange(remote, change, ROOT)).toBeNull();
  });

  it('survives a parent cycle', () => {
    const remote = tree();
    remote.set('x', { parentId: 'y', name: 'x', kind: 'folder', version: null });
    remote.set('y', { parentId: 'x', name: 'y', kind: 'folder', version: null });
    expect(isReachable(remote, 'x', ROOT)).toBe(false);
  });
});
