import { allow, deny, file, folder, group, identity, user } from './acl-fixtures.js';
import { blockInheritance, restoreInheritance } from './block-inheritance.js';
import { evaluateAccess } from './evaluate-access.js';
import { AppliesTo, Inherit } from './inheritance-flags.js';
import { Right, Rights } from './rights.js';
import { shareRoleEntries } from './share-roles.js';

const staff = group('staff');
const explicit = allow(user('alice'), Right.WRITE);
const root = folder('root', [
  allow(staff, Rights.READ_ONLY),
  deny(staff, Right.DELETE, AppliesTo.FILES_ONLY),
  allow(staff, Right.LIST, AppliesTo.THIS_FOLDER_ONLY),
]);

describe('blockInheritance', () => {
  it('copies inherited entries after the explicit ones', () => {
    const security = blockInheritance([root, folder('a', [explicit])], 'copy');
    expect(security.protected).toBe(true);
    expect(security.entries).toEqual([
      explicit,
      deny(staff, Right.DELETE, Inherit.OBJECT | Inherit.INHERIT_ONLY),
      allow(staff, Rights.READ_ONLY),
      ...shareRoleEntries(),
    ]);
  });

  it('copies entries to a file without flags', () => {
    const security = blockInheritance([root, file('f')], 'copy');
    expect(security.entries).toEqual([
      deny(staff, Right.DELETE, Inherit.NONE),
      allow(staff, Rights.READ_ONLY, Inherit.NONE),
      ...shareRoleEntries().map((entry) => ({ ...entry, inheritance: Inherit.NONE })),
    ]);
  });

  it('drops inherited entries', () => {
    const security = blockInheritance([root, folder('a', [explicit])], 'drop');
    expect(security.protected).toBe(true);
    expect(security.entries).toEqual([explicit]);
  });

  it('leaves a protected node unchanged', () => {
    const node = folder('a', [explicit], { protected: true });
    expect(blockInheritance([root, node], 'copy')).toBe(node.security);
  });

  it('rejects an empty chain', () => {
    expect(() => blockInheritance([], 'drop')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('restoreInheritance', () => {
  it('keeps copied entries', () => {
    const blocked = blockInheritance([root, folder('a')], 'copy');
    const restored = restoreInheritance(blocked);
    expect(restored.protected).toBe(false);
    expect(restored.entries).toEqual(blocked.entries);
  });
});

describe('blockInheritance with copy and levels', () => {
  const grandparent = folder('root', [deny(staff, Right.WRITE), allow(staff, Rights.READ_ONLY)]);
  const parent = folder('a', [allow(staff, Right.WRITE)]);
  const alice = identity('alice', ['staff']);

  it('lets a nearer allow beat a farther deny before blocking', () => {
    const rights = evaluateAccess([grandparent, parent, folder('b')], alice);
    expect(rights).toBe(Rights.READ_ONLY | Right.WRITE);
  });

  it('puts the copied deny first after blocking', () => {
    const security = blockInheritance([grandparent, parent, folder('b')], 'copy');
    const rights = evaluateAccess([grandparent, parent, { ...folder('b'), security }], alice);
    expect(rights).toBe(Rights.READ_ONLY);
  });

  it('lets a copied deny beat an explicit allow', () => {
    const node = folder('b', [allow(staff, Right.WRITE)]);
    const security = blockInheritance([grandparent, folder('a'), node], 'copy');
    expect(evaluateAccess([grandparent, folder('a'), node], alice)).toBe(
      Rights.READ_ONLY | Right.WRITE,
    );
    expect(evaluateAccess([grandparent, folder('a'), { ...node, security }], alice)).toBe(
      Rights.READ_ONLY,
    );
  });
});
