import { allow, deny, file, folder, group, identity, role, user } from './acl-fixtures.js';
import { blockInheritance } from './block-inheritance.js';
import { canDeleteNode, evaluateAccess } from './evaluate-access.js';
import { AppliesTo } from './inheritance-flags.js';
import { type SecuredNode } from './node-security.js';
import { type SecurityIdentity } from './principal.js';
import { Right, rightNames, Rights, type RightsMask } from './rights.js';

const { LIST, WRITE, DELETE, DELETE_CHILDREN } = Right;
const { READ_PERMISSIONS, CHANGE_PERMISSIONS, TAKE_OWNERSHIP } = Right;
const { READ_ONLY, MODIFY, FULL_CONTROL } = Rights;
const OWNER_RIGHTS = READ_PERMISSIONS | CHANGE_PERMISSIONS;
const HERE = AppliesTo.THIS_FOLDER_ONLY;

const aliceUser = user('alice');
const staff = group('staff');
const alice = identity('alice', ['staff']);
const contributor = identity('alice', ['staff'], ['contributor']);
const reader = identity('alice', ['staff'], ['reader']);

interface Row {
  readonly name: string;
  readonly chain: SecuredNode[];
  readonly identity: SecurityIdentity;
  readonly expected: RightsMask;
}

const grantingRoot = folder('root', [allow(staff, MODIFY)]);
const grantingParent = folder('a', [allow(staff, MODIFY)]);
const denyingParent = folder('b', [allow(staff, READ_ONLY), deny(staff, WRITE | DELETE)]);
const report = file('report', [allow(aliceUser, DELETE, HERE)]);
const projects = folder('projects', [allow(aliceUser, CHANGE_PERMISSIONS)]);
const walledOff = folder('p', [], { protected: true });

const unblocked = folder('a');
const copied = blockInheritance([grantingRoot, unblocked], 'copy');
const dropped = blockInheritance([grantingRoot, unblocked], 'drop');
const copiedWithRoles = blockInheritance([folder('root'), unblocked], 'copy');

const roleRows: Row[] = [
  { name: 'reader role', chain: [folder('root')], identity: reader, expected: READ_ONLY },
  {
    name: 'contributor role on a deep file',
    chain: [folder('root'), folder('a'), folder('b'), file('f')],
    identity: contributor,
    expected: MODIFY,
  },
  {
    name: 'admin role',
    chain: [folder('root'), folder('a')],
    identity: identity('alice', [], ['admin']),
    expected: FULL_CONTROL,
  },
  {
    name: 'owner role',
    chain: [folder('root'), file('f')],
    identity: identity('alice', [], ['owner']),
    expected: FULL_CONTROL,
  },
  {
    name: 'reader and contributor roles add up',
    chain: [folder('root')],
    identity: identity('alice', [], ['reader', 'contributor']),
    expected: MODIFY,
  },
  {
    name: 'root deny removes a role right',
    chain: [folder('root', [deny(staff, DELETE)]), file('f')],
    identity: contributor,
    expected: MODIFY & ~DELETE,
  },
  {
    name: 'deep deny removes a role right',
    chain: [folder('root'), folder('a', [deny(aliceUser, WRITE)]), file('f')],
    identity: contributor,
    expected: MODIFY & ~WRITE,
  },
  {
    name: 'deny for a role principal',
    chain: [folder('root'), folder('a', [deny(role('contributor'), DELETE)])],
    identity: contributor,
    expected: MODIFY & ~DELETE,
  },
  {
    name: 'explicit allow adds to a role',
    chain: [folder('root'), folder('a', [allow(aliceUser, WRITE)])],
    identity: reader,
    expected: READ_ONLY | WRITE,
  },
  {
    name: 'explicit allow beats deny on role',
    chain: [folder('root', [deny(role('reader'), LIST)]), folder('a', [allow(aliceUser, LIST)])],
    identity: reader,
    expected: READ_ONLY,
  },
  {
    name: 'role right denied by default elsewhere',
    chain: [folder('root'), file('f')],
    identity: alice,
    expected: 0,
  },
];

const ownerRows: Row[] = [
  {
    name: 'admin role takes ownership despite denies',
    chain: [folder('root'), folder('a', [deny(role('admin'), FULL_CONTROL)], { protected: true })],
    identity: identity('alice', [], ['admin']),
    expected: TAKE_OWNERSHIP,
  },
  {
    name: 'owner role takes ownership when blocked',
    chain: [folder('root'), folder('a', [], { protected: true }), file('f')],
    identity: identity('alice', [], ['owner']),
    expected: TAKE_OWNERSHIP,
  },
  {
    name: 'contributor role cannot take ownership',
    chain: [folder('root', [deny(role('contributor'), TAKE_OWNERSHIP)])],
    identity: identity('alice', [], ['contributor']),
    expected: MODIFY,
  },
  {
    name: 'owner without entries',
    chain: [folder('root', [], { owner: aliceUser })],
    identity: alice,
    expected: OWNER_RIGHTS,
  },
  {
    name: 'owner despite a full deny',
    chain: [folder('root'), file('f', [deny(aliceUser, FULL_CONTROL, HERE)], { owner: aliceUser })],
    identity: alice,
    expected: OWNER_RIGHTS,
  },
  {
    name: 'owning group gives members owner rights',
    chain: [folder('root', [], { owner: staff })],
    identity: alice,
    expected: OWNER_RIGHTS,
  },
  {
    name: 'owner of the parent only',
    chain: [folder('root', [], { owner: aliceUser }), file('f')],
    identity: alice,
    expected: 0,
  },
  {
    name: 'owner rights add to entries',
    chain: [folder('root', [allow(staff, LIST)], { owner: aliceUser })],
    identity: alice,
    expected: LIST | OWNER_RIGHTS,
  },
];

const blockingRows: Row[] = [
  {
    name: 'protected folder drops parent entries',
    chain: [grantingRoot, folder('a', [], { protected: true })],
    identity: alice,
    expected: 0,
  },
  {
    name: 'protected folder keeps explicit entries',
    chain: [grantingRoot, folder('a', [allow(aliceUser, READ_ONLY)], { protected: true })],
    identity: alice,
    expected: READ_ONLY,
  },
  {
    name: 'children of a protected folder',
    chain: [
      grantingRoot,
      folder('a', [allow(aliceUser, READ_ONLY)], { protected: true }),
      file('f'),
    ],
    identity: alice,
    expected: READ_ONLY,
  },
  {
    name: 'blocking with copy keeps rights',
    chain: [grantingRoot, { ...unblocked, security: copied }, file('f')],
    identity: alice,
    expected: MODIFY,
  },
  {
    name: 'copied entries outlive the parent entry',
    chain: [folder('root'), { ...unblocked, security: copied }, file('f')],
    identity: alice,
    expected: MODIFY,
  },
  {
    name: 'blocking with drop removes rights',
    chain: [grantingRoot, { ...unblocked, security: dropped }, file('f')],
    identity: alice,
    expected: 0,
  },
  {
    name: 'blocking also blocks roles',
    chain: [folder('root'), folder('a', [], { protected: true })],
    identity: contributor,
    expected: 0,
  },
  {
    name: 'copied role entries follow members',
    chain: [folder('root'), { ...unblocked, security: copiedWithRoles }, file('f')],
    identity: identity('bob', [], ['contributor']),
    expected: MODIFY,
  },
];

const moveRows: Row[] = [
  {
    name: 'file under its first parent',
    chain: [folder('root'), grantingParent, report],
    identity: alice,
    expected: MODIFY,
  },
  {
    name: 'same file moved under a denying parent',
    chain: [folder('root'), denyingParent, report],
    identity: alice,
    expected: READ_ONLY | DELETE,
  },
  {
    name: 'folder moved keeps its explicit entries',
    chain: [folder('root'), denyingParent, projects, file('f')],
    identity: alice,
    expected: READ_ONLY | CHANGE_PERMISSIONS,
  },
  {
    name: 'folder moved under a granting parent',
    chain: [folder('root'), grantingParent, projects],
    identity: alice,
    expected: MODIFY | CHANGE_PERMISSIONS,
  },
  {
    name: 'file inside a protected folder',
    chain: [grantingRoot, walledOff, file('f')],
    identity: alice,
    expected: 0,
  },
  {
    name: 'same file moved out of it',
    chain: [grantingRoot, file('f')],
    identity: alice,
    expected: MODIFY,
  },
];

describe('evaluateAccess with roles, owners, blocking and moves', () => {
  it.each(
    [...roleRows, ...ownerRows, ...blockingRows, ...moveRows].map(
      (row) => [row.name, row] as const,
    ),
  )('%s', (_name, row) => {
    const rights = evaluateAccess(row.chain, row.identity);
    expect(rightNames(rights)).toEqual(rightNames(row.expected));
  });
});

describe('canDeleteNode', () => {
  it('allows with delete on the node', () => {
    const chain = [folder('root'), file('f', [allow(aliceUser, DELETE, HERE)])];
    expect(canDeleteNode(chain, alice)).toBe(true);
  });

  it('allows with delete children on the parent despite a deny', () => {
    const chain = [
      folder('root', [allow(staff, DELETE_CHILDREN, HERE)]),
      file('f', [deny(aliceUser, DELETE, HERE)]),
    ];
    expect(canDeleteNode(chain, alice)).toBe(true);
  });

  it('rejects with neither right', () => {
    const chain = [folder('root', [allow(staff, MODIFY & ~DELETE)]), file('f')];
    expect(canDeleteNode(chain, alice)).toBe(false);
  });

  it('rejects the root without delete', () => {
    expect(canDeleteNode([folder('root', [allow(staff, DELETE_CHILDREN)])], alice)).toBe(false);
  });

  it('gives contributors no delete children', () => {
    const chain = [folder('root'), folder('a'), file('f', [deny(aliceUser, DELETE, HERE)])];
    expect(canDeleteNode(chain, contributor)).toBe(false);
    expect(canDeleteNode(chain, identity('alice', [], ['admin']))).toBe(true);
  });
});
