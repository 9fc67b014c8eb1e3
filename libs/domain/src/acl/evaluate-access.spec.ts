import { allow, deny, file, folder, group, identity, user } from './acl-fixtures.js';
import { evaluateAccess } from './evaluate-access.js';
import { AppliesTo } from './inheritance-flags.js';
import { type SecuredNode } from './node-security.js';
import { type SecurityIdentity } from './principal.js';
import { Right, rightNames, Rights, type RightsMask } from './rights.js';

const { LIST, READ, WRITE, CREATE, DELETE } = Right;
const { READ_ONLY, MODIFY, FULL_CONTROL } = Rights;
const HERE = AppliesTo.THIS_FOLDER_ONLY;

/** alice is a member of the groups staff and finance, with no share role. */
const alice = identity('alice', ['staff', 'finance']);
const aliceUser = user('alice');
const staff = group('staff');
const finance = group('finance');

interface Row {
  readonly name: string;
  readonly chain: SecuredNode[];
  readonly identity?: SecurityIdentity;
  readonly expected: RightsMask;
}

const rows: Row[] = [
  // Denied by default
  { name: 'bare root grants nothing', chain: [folder('root')], expected: 0 },
  { name: 'bare file grants nothing', chain: [folder('root'), file('f')], expected: 0 },
  {
    name: 'entry for another user grants nothing',
    chain: [folder('root', [allow(user('bob'), FULL_CONTROL)]), file('f')],
    expected: 0,
  },
  {
    name: 'entry for another group grants nothing',
    chain: [folder('root', [allow(group('sales'), FULL_CONTROL)]), file('f')],
    expected: 0,
  },
  {
    name: 'only allowed rights are granted',
    chain: [folder('root', [allow(aliceUser, LIST)])],
    expected: LIST,
  },

  // Explicit entries on the node
  {
    name: 'explicit user allow',
    chain: [folder('root', [allow(aliceUser, READ_ONLY)])],
    expected: READ_ONLY,
  },
  {
    name: 'explicit group allow',
    chain: [folder('root', [allow(staff, MODIFY)])],
    expected: MODIFY,
  },
  {
    name: 'user and group allows add up',
    chain: [folder('root', [allow(aliceUser, READ), allow(finance, WRITE)])],
    expected: READ | WRITE,
  },
  {
    name: 'explicit deny beats explicit allow listed first',
    chain: [folder('root', [allow(aliceUser, FULL_CONTROL), deny(aliceUser, WRITE)])],
    expected: FULL_CONTROL & ~WRITE,
  },
  {
    name: 'group deny beats user allow on one node',
    chain: [folder('root', [allow(aliceUser, MODIFY), deny(staff, DELETE)])],
    expected: MODIFY & ~DELETE,
  },
  {
    name: 'deny for a group alice is not in',
    chain: [folder('root', [allow(aliceUser, MODIFY), deny(group('sales'), DELETE)])],
    expected: MODIFY,
  },
  {
    name: 'explicit entries on a file',
    chain: [folder('root'), file('f', [allow(staff, MODIFY, HERE), deny(aliceUser, DELETE, HERE)])],
    expected: MODIFY & ~DELETE,
  },

  // Nested inheritance
  {
    name: 'folder inherits from root',
    chain: [folder('root', [allow(staff, READ_ONLY)]), folder('a')],
    expected: READ_ONLY,
  },
  {
    name: 'file three levels down inherits',
    chain: [folder('root', [allow(staff, MODIFY)]), folder('a'), folder('b'), file('f')],
    expected: MODIFY,
  },
  {
    name: 'rights from several levels add up',
    chain: [
      folder('root', [allow(staff, READ_ONLY)]),
      folder('a', [allow(aliceUser, WRITE | CREATE)]),
      folder('b'),
    ],
    expected: READ_ONLY | WRITE | CREATE,
  },
  {
    name: 'inherited group deny beats user allow at one level',
    chain: [folder('root'), folder('a', [allow(aliceUser, MODIFY), deny(staff, WRITE)]), file('f')],
    expected: MODIFY & ~WRITE,
  },
  {
    name: 'nearer group deny beats farther user allow',
    chain: [
      folder('root', [allow(aliceUser, FULL_CONTROL)]),
      folder('a', [deny(staff, DELETE)]),
      file('f'),
    ],
    expected: FULL_CONTROL & ~DELETE,
  },
  {
    name: 'nearer user allow beats farther group deny',
    chain: [
      folder('root', [allow(staff, READ_ONLY), deny(staff, WRITE)]),
      folder('a', [allow(aliceUser, WRITE)]),
      folder('b'),
      file('f'),
    ],
    expected: READ_ONLY | WRITE,
  },
  {
    name: 'explicit file allow beats inherited deny',
    chain: [
      folder('root', [allow(staff, READ_ONLY), deny(staff, WRITE)]),
      folder('a'),
      file('f', [allow(aliceUser, WRITE, HERE)]),
    ],
    expected: READ_ONLY | WRITE,
  },
  {
    name: 'explicit folder allow beats inherited deny',
    chain: [folder('root', [deny(finance, FULL_CONTROL)]), folder('a', [allow(aliceUser, LIST)])],
    expected: LIST,
  },
  {
    name: 'inherited deny stays without explicit allow',
    chain: [folder('root', [deny(finance, FULL_CONTROL)]), folder('a'), file('f')],
    expected: 0,
  },
];

describe('evaluateAccess', () => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const rights = evaluateAccess(row.chain, row.identity ?? alice);
    expect(rightNames(rights)).toEqual(rightNames(row.expected));
  });

  it('rejects an empty chain', () => {
    expect(() => evaluateAccess([], alice)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('rejects a file with a child', () => {
    expect(() => evaluateAccess([folder('root'), file('f'), file('g')], alice)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { nodeId: 'f' } }),
    );
  });
});
