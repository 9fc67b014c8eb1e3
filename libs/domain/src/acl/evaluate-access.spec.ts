import { allow, deny, file, folder, group, identity, user } from './acl-fixtures.js';
import { evaluateAccess } from './evaluate-access.js';
import { AppliesTo, Inherit } from './inheritance-flags.js';
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

  // Folders versus files
  {
    name: 'folders-only entry skips files',
    chain: [
      folder('root', [allow(staff, READ_ONLY, AppliesTo.THIS_FOLDER_AND_SUBFOLDERS)]),
      file('f'),
    ],
    expected: 0,
  },
  {
    name: 'folders-only entry reaches nested folders',
    chain: [
      folder('root', [allow(staff, READ_ONLY, AppliesTo.THIS_FOLDER_AND_SUBFOLDERS)]),
      folder('a'),
      folder('b'),
    ],
    expected: READ_ONLY,
  },
  {
    name: 'files entry skips folders',
    chain: [folder('root', [allow(staff, READ, AppliesTo.THIS_FOLDER_AND_FILES)]), folder('a')],
    expected: 0,
  },
  {
    name: 'files entry reaches deep files',
    chain: [
      folder('root', [allow(staff, READ, AppliesTo.THIS_FOLDER_AND_FILES)]),
      folder('a'),
      folder('b'),
      file('f'),
    ],
    expected: READ,
  },
  {
    name: 'this-folder-only entry applies there',
    chain: [folder('root', [allow(staff, LIST, HERE)])],
    expected: LIST,
  },
  {
    name: 'this-folder-only entry is not inherited',
    chain: [folder('root', [allow(staff, LIST, HERE)]), folder('a')],
    expected: 0,
  },

  // Inherit only
  {
    name: 'inherit-only entry skips its folder',
    chain: [folder('root', [allow(staff, MODIFY, AppliesTo.SUBFOLDERS_AND_FILES_ONLY)])],
    expected: 0,
  },
  {
    name: 'inherit-only entry reaches a subfolder',
    chain: [
      folder('root', [allow(staff, MODIFY, AppliesTo.SUBFOLDERS_AND_FILES_ONLY)]),
      folder('a'),
    ],
    expected: MODIFY,
  },
  {
    name: 'inherit-only entry reaches a file',
    chain: [folder('root', [allow(staff, MODIFY, AppliesTo.SUBFOLDERS_AND_FILES_ONLY)]), file('f')],
    expected: MODIFY,
  },
  {
    name: 'inherit-only deny spares its folder',
    chain: [
      folder('root', [allow(staff, MODIFY)]),
      folder('a', [deny(staff, DELETE, AppliesTo.SUBFOLDERS_AND_FILES_ONLY)]),
    ],
    expected: MODIFY,
  },
  {
    name: 'inherit-only deny reaches children',
    chain: [
      folder('root', [allow(staff, MODIFY)]),
      folder('a', [deny(staff, DELETE, AppliesTo.SUBFOLDERS_AND_FILES_ONLY)]),
      file('f'),
    ],
    expected: MODIFY & ~DELETE,
  },
  {
    name: 'files-only entry skips subfolders',
    chain: [folder('root', [allow(staff, READ, AppliesTo.FILES_ONLY)]), folder('a')],
    expected: 0,
  },
  {
    name: 'files-only entry reaches nested files',
    chain: [folder('root', [allow(staff, READ, AppliesTo.FILES_ONLY)]), folder('a'), file('f')],
    expected: READ,
  },
  {
    name: 'subfolders-only entry reaches a subfolder',
    chain: [folder('root', [allow(staff, LIST, AppliesTo.SUBFOLDERS_ONLY)]), folder('a')],
    expected: LIST,
  },
  {
    name: 'subfolders-only entry skips files',
    chain: [folder('root', [allow(staff, LIST, AppliesTo.SUBFOLDERS_ONLY)]), file('f')],
    expected: 0,
  },
];

const ALL = AppliesTo.THIS_FOLDER_SUBFOLDERS_AND_FILES;
const ONE_LEVEL = ALL | Inherit.NO_PROPAGATE;

const noPropagationRows: Row[] = [
  {
    name: 'no-propagate entry applies to its folder',
    chain: [folder('root', [allow(staff, READ_ONLY, ONE_LEVEL)])],
    expected: READ_ONLY,
  },
  {
    name: 'no-propagate entry reaches a child folder',
    chain: [folder('root', [allow(staff, READ_ONLY, ONE_LEVEL)]), folder('a')],
    expected: READ_ONLY,
  },
  {
    name: 'no-propagate entry reaches a child file',
    chain: [folder('root', [allow(staff, READ_ONLY, ONE_LEVEL)]), file('f')],
    expected: READ_ONLY,
  },
  {
    name: 'no-propagate entry skips grandchild folders',
    chain: [folder('root', [allow(staff, READ_ONLY, ONE_LEVEL)]), folder('a'), folder('b')],
    expected: 0,
  },
  {
    name: 'no-propagate entry skips grandchild files',
    chain: [folder('root', [allow(staff, READ_ONLY, ONE_LEVEL)]), folder('a'), file('f')],
    expected: 0,
  },
  {
    name: 'no-propagate files entry skips child folders',
    chain: [
      folder('root', [allow(staff, READ, Inherit.OBJECT | Inherit.NO_PROPAGATE)]),
      folder('a'),
    ],
    expected: 0,
  },
  {
    name: 'no-propagate inherit-only entry skips its folder',
    chain: [folder('root', [allow(staff, READ_ONLY, ONE_LEVEL | Inherit.INHERIT_ONLY)])],
    expected: 0,
  },
  {
    name: 'no-propagate inherit-only entry reaches children',
    chain: [
      folder('root', [allow(staff, READ_ONLY, ONE_LEVEL | Inherit.INHERIT_ONLY)]),
      folder('a'),
    ],
    expected: READ_ONLY,
  },
  {
    name: 'no-propagate deny lets a grandchild keep rights',
    chain: [
      folder('root', [allow(staff, MODIFY), deny(staff, WRITE, ONE_LEVEL)]),
      folder('a'),
      file('f'),
    ],
    expected: MODIFY,
  },
];

describe('evaluateAccess', () => {
  it.each([...rows, ...noPropagationRows].map((row) => [row.name, row] as const))(
    '%s',
    (_name, row) => {
      const rights = evaluateAccess(row.chain, row.identity ?? alice);
      expect(rightNames(rights)).toEqual(rightNames(row.expected));
    },
  );

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
