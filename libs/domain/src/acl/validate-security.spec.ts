import { allow, group, role, user } from './acl-fixtures.js';
import { AppliesTo, Inherit } from './inheritance-flags.js';
import { type AccessControlEntry, type NodeKind } from './node-security.js';
import { type Principal } from './principal.js';
import { Right, Rights } from './rights.js';
import { assertValidSecurity } from './validate-security.js';

const owner = user('alice');

function check(kind: NodeKind, entries: AccessControlEntry[]) {
  return () => assertValidSecurity(kind, { owner, protected: false, entries });
}

describe('assertValidSecurity', () => {
  it('accepts every applies-to choice on a folder', () => {
    const entries = Object.values(AppliesTo).map((flags) =>
      allow(group('staff'), Right.READ, flags),
    );
    expect(check('folder', entries)).not.toThrow();
  });

  it('accepts a role entry and a this-object entry on a file', () => {
    const entries = [allow(role('reader'), Rights.READ_ONLY, Inherit.NONE)];
    expect(check('file', entries)).not.toThrow();
  });

  it.each([
    ['empty rights', 'folder', allow(owner, 0)],
    ['unknown right', 'folder', allow(owner, 1 << 20)],
    ['fractional rights', 'folder', allow(owner, 1.5)],
    ['unknown flag', 'folder', allow(owner, Right.READ, 0x10)],
    ['inheritance flags on a file', 'file', allow(owner, Right.READ)],
    ['inherit-only alone', 'folder', allow(owner, Right.READ, Inherit.INHERIT_ONLY)],
    ['no-propagate alone', 'folder', allow(owner, Right.READ, Inherit.NO_PROPAGATE)],
    ['empty user id', 'folder', allow(user(''), Right.READ)],
    ['unknown role', 'folder', allow({ kind: 'role', role: 'guest' } as unknown as Principal, 1)],
    ['unknown type', 'folder', { ...allow(owner, Right.READ), type: 'audit' } as never],
  ] as const)('rejects %s', (_name, kind, entry) => {
    expect(check(kind, [entry])).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        details: { field: expect.stringMatching(/^entries\[0\]/) },
      }),
    );
  });

  it('rejects an owner without an id', () => {
    expect(() =>
      assertValidSecurity('folder', { owner: group(''), protected: false, entries: [] }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field: 'owner' } }));
  });
});
