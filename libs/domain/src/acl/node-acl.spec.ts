import { allow, deny, file, folder, group, user } from './acl-fixtures.js';
import { AppliesTo, Inherit } from './inheritance-flags.js';
import { inheritedFlags, nodeAcl } from './node-acl.js';
import { Right } from './rights.js';

const { OBJECT, CONTAINER, NO_PROPAGATE, INHERIT_ONLY, NONE } = Inherit;
const staff = group('staff');

describe('inheritedFlags', () => {
  it.each([
    ['this folder only, to a folder', NONE, 'folder', null],
    ['this folder only, to a file', NONE, 'file', null],
    ['files and folders, to a folder', OBJECT | CONTAINER, 'folder', OBJECT | CONTAINER],
    ['files and folders, to a file', OBJECT | CONTAINER, 'file', NONE],
    ['inherit-only, to a folder', OBJECT | CONTAINER | INHERIT_ONLY, 'folder', OBJECT | CONTAINER],
    ['files only, to a folder', OBJECT, 'folder', OBJECT | INHERIT_ONLY],
    ['files only, to a file', OBJECT | INHERIT_ONLY, 'file', NONE],
    ['folders only, to a folder', CONTAINER, 'folder', CONTAINER],
    ['folders only, to a file', CONTAINER, 'file', null],
    ['no-propagate, to a folder', OBJECT | CONTAINER | NO_PROPAGATE, 'folder', NONE],
    ['no-propagate, to a file', OBJECT | CONTAINER | NO_PROPAGATE, 'file', NONE],
    ['no-propagate files, to a folder', OBJECT | NO_PROPAGATE, 'folder', null],
  ] as const)('%s', (_name, flags, kind, expected) => {
    expect(inheritedFlags(flags, kind)).toBe(expected);
  });
});

describe('nodeAcl', () => {
  const chain = [
    folder('root', [allow(staff, Right.READ), deny(staff, Right.DELETE, AppliesTo.FILES_ONLY)]),
    folder('a', [allow(user('alice'), Right.WRITE), deny(user('bob'), Right.LIST)]),
    folder('b'),
  ];

  it('orders explicit deny, explicit allow, then by level', () => {
    const origins = nodeAcl(chain.slice(0, 2)).map((entry) => [
      entry.type,
      entry.inherited,
      entry.origin.kind === 'node' ? `${entry.origin.nodeId}#${entry.origin.aceIndex}` : 'role',
    ]);
    expect(origins).toEqual([
      ['deny', false, 'a#1'],
      ['allow', false, 'a#0'],
      ['deny', true, 'root#1'],
      ['allow', true, 'root#0'],
      ['allow', true, 'role'],
      ['allow', true, 'role'],
      ['allow', true, 'role'],
      ['allow', true, 'role'],
    ]);
  });

  it('keeps a files-only entry as inherit-only on folders', () => {
    const inherited = nodeAcl(chain).find((entry) => entry.rights === Right.DELETE);
    expect(inherited).toMatchObject({
      inheritance: OBJECT | INHERIT_ONLY,
      inherited: true,
      origin: { kind: 'node', nodeId: 'root', aceIndex: 1, depth: 2 },
    });
  });

  it('gives inherited entries on a file no flags', () => {
    const entries = nodeAcl([...chain, file('f')]);
    expect(entries.filter((entry) => entry.origin.kind === 'node')).toHaveLength(4);
    expect(entries.every((entry) => entry.inheritance === NONE)).toBe(true);
  });

  it('places share roles one level above the root', () => {
    const roles = nodeAcl(chain).filter((entry) => entry.origin.kind === 'share-role');
    expect(roles.map((entry) => entry.origin)).toEqual([
      { kind: 'share-role', role: 'owner', depth: 3 },
      { kind: 'share-role', role: 'admin', depth: 3 },
      { kind: 'share-role', role: 'contributor', depth: 3 },
      { kind: 'share-role', role: 'reader', depth: 3 },
    ]);
  });

  it('gives a protected node only its explicit entries', () => {
    const entries = nodeAcl([
      chain[0]!,
      folder('a', [allow(staff, Right.LIST)], { protected: true }),
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ inherited: false, rights: Right.LIST });
  });
});
