import { allow, deny, file, folder, group, identity } from './acl-fixtures.js';
import { evaluateAccess } from './evaluate-access.js';
import { AppliesTo, Inherit } from './inheritance-flags.js';
import { type SecuredNode } from './node-security.js';
import { type SecurityIdentity } from './principal.js';
import { Right, rightNames, Rights, type RightsMask } from './rights.js';

const { LIST, READ, WRITE, DELETE } = Right;
const { READ_ONLY, MODIFY } = Rights;
const HERE = AppliesTo.THIS_FOLDER_ONLY;

/** alice is a member of the group staff, with no share role. */
const alice = identity('alice', ['staff']);
const staff = group('staff');

interface Row {
  readonly name: string;
  readonly chain: SecuredNode[];
  readonly identity?: SecurityIdentity;
  readonly expected: RightsMask;
}

const flagRows: Row[] = [
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

describe('evaluateAccess with inheritance flags', () => {
  it.each([...flagRows, ...noPropagationRows].map((row) => [row.name, row] as const))(
    '%s',
    (_name, row) => {
      const rights = evaluateAccess(row.chain, row.identity ?? alice);
      expect(rightNames(rights)).toEqual(rightNames(row.expected));
    },
  );
});
