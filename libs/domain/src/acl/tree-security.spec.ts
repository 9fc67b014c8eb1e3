import { Inherit } from './inheritance-flags.js';
import { Right, Rights } from './rights.js';
import { TreeSecurity } from './tree-security.js';

const reader = { userId: 'bob', groupIds: [], roles: ['reader' as const] };
const denyBob = {
  owner: { kind: 'user' as const, id: 'alice' },
  protected: false,
  entries: [
    {
      principal: { kind: 'user' as const, id: 'bob' },
      type: 'deny' as const,
      rights: Right.LIST | Right.READ,
      inheritance: Inherit.OBJECT | Inherit.CONTAINER,
    },
  ],
};

describe('TreeSecurity', () => {
  it('gives the role rights everywhere when no node has security of its own', () => {
    const tree = new TreeSecurity('alice', new Map());
    expect(tree.plain).toBe(true);
    expect(tree.rights({ id: 'f', kind: 'file', path: '/a/b/c.txt' }, reader)).toBe(
      Rights.READ_ONLY,
    );
  });

  it('builds the chain from the path, with the secured ancestors in place', () => {
    const tree = new TreeSecurity(
      'alice',
      new Map([['/a', { id: 'a', kind: 'folder' as const, security: denyBob }]]),
    );
    const chain = tree.chain({ id: 'f', kind: 'file', path: '/a/b/c.txt' });
    expect(chain.map((node) => [node.id, node.kind])).toEqual([
      ['/', 'folder'],
      ['a', 'folder'],
      ['/a/b', 'folder'],
      ['f', 'file'],
    ]);
    expect(chain[1]!.security).toBe(denyBob);
    expect(tree.rights({ id: 'f', kind: 'file', path: '/a/b/c.txt' }, reader) & Right.READ).toBe(0);
    expect(tree.rights({ id: 'x', kind: 'file', path: '/x.txt' }, reader) & Right.READ).not.toBe(0);
  });

  it('answers for a replaced security without changing the original', () => {
    const tree = new TreeSecurity('alice', new Map());
    const denied = tree.with('/a', { id: 'a', kind: 'folder' }, denyBob);
    expect(denied.rights({ id: 'f', kind: 'file', path: '/a/f' }, reader) & Right.LIST).toBe(0);
    expect(tree.rights({ id: 'f', kind: 'file', path: '/a/f' }, reader) & Right.LIST).not.toBe(0);
    expect(denied.with('/a', { id: 'a', kind: 'folder' }, null).plain).toBe(true);
  });
});
