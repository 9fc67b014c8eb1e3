import { formatExplanation } from './access-explanation.js';
import { allow, deny, file, folder, group, identity, user } from './acl-fixtures.js';
import { explainAccess } from './evaluate-access.js';
import { AppliesTo } from './inheritance-flags.js';
import { Right, RIGHT_NAMES, Rights } from './rights.js';

const HERE = AppliesTo.THIS_FOLDER_ONLY;
const aliceUser = user('alice');
const staff = group('staff');
const alice = identity('alice', ['staff']);

/** root allows staff to modify, a denies staff writing, and f allows alice writing. */
const chain = [
  folder('root', [allow(user('bob'), Rights.FULL_CONTROL), allow(staff, Rights.MODIFY)]),
  folder('a', [allow(staff, Right.LIST), deny(staff, Right.WRITE | Right.DELETE)]),
  file('f', [allow(aliceUser, Right.WRITE, HERE)], { owner: aliceUser }),
];

function decisionOf(explanation: ReturnType<typeof explainAccess>, right: string) {
  return explanation.decisions.find((decision) => decision.right === right);
}

describe('explainAccess', () => {
  const explanation = explainAccess(chain, alice);

  it('lists every right once in order', () => {
    expect(explanation.decisions.map((decision) => decision.right)).toEqual(RIGHT_NAMES);
    expect(explanation.nodeId).toBe('f');
  });

  it('reports the effective rights', () => {
    const expected =
      (Rights.MODIFY & ~Right.DELETE) | Right.READ_PERMISSIONS | Right.CHANGE_PERMISSIONS;
    expect(explanation.rights).toBe(expected);
  });

  it('names an explicit allow', () => {
    expect(decisionOf(explanation, 'WRITE')).toEqual({
      right: 'WRITE',
      allowed: true,
      reason: {
        kind: 'entry',
        type: 'allow',
        inherited: false,
        nodeId: 'f',
        aceIndex: 0,
        depth: 0,
        principal: aliceUser,
      },
    });
  });

  it('names a deny inherited from the parent', () => {
    expect(decisionOf(explanation, 'DELETE')).toEqual({
      right: 'DELETE',
      allowed: false,
      reason: {
        kind: 'entry',
        type: 'deny',
        inherited: true,
        nodeId: 'a',
        aceIndex: 1,
        depth: 1,
        principal: staff,
      },
    });
  });

  it('names the nearer of two allows', () => {
    expect(decisionOf(explanation, 'LIST')?.reason).toMatchObject({ nodeId: 'a', aceIndex: 0 });
  });

  it('names an allow from the grandparent', () => {
    expect(decisionOf(explanation, 'READ')?.reason).toMatchObject({
      kind: 'entry',
      type: 'allow',
      inherited: true,
      nodeId: 'root',
      aceIndex: 1,
      depth: 2,
    });
  });

  it('names the owner', () => {
    expect(decisionOf(explanation, 'CHANGE_PERMISSIONS')).toEqual({
      right: 'CHANGE_PERMISSIONS',
      allowed: true,
      reason: { kind: 'owner', principal: aliceUser },
    });
  });

  it('names a right no entry grants', () => {
    expect(decisionOf(explanation, 'TAKE_OWNERSHIP')).toEqual({
      right: 'TAKE_OWNERSHIP',
      allowed: false,
      reason: { kind: 'no-entry' },
    });
  });

  it('names a share role', () => {
    const roleExplanation = explainAccess(
      [folder('root'), folder('a')],
      identity('carol', [], ['reader']),
    );
    expect(decisionOf(roleExplanation, 'READ')?.reason).toEqual({
      kind: 'share-role',
      type: 'allow',
      inherited: true,
      role: 'reader',
      depth: 2,
    });
    expect(decisionOf(roleExplanation, 'WRITE')?.reason).toEqual({ kind: 'no-entry' });
  });

  it('names the take-ownership privilege', () => {
    const blocked = [folder('root'), folder('a', [], { protected: true })];
    const adminExplanation = explainAccess(blocked, identity('carol', [], ['admin']));
    expect(decisionOf(adminExplanation, 'TAKE_OWNERSHIP')).toEqual({
      right: 'TAKE_OWNERSHIP',
      allowed: true,
      reason: { kind: 'privilege', role: 'admin' },
    });
    expect(formatExplanation(adminExplanation)[8]).toBe(
      'TAKE_OWNERSHIP: allowed because the share role admin may always take ownership',
    );
  });

  it('skips entries of other principals', () => {
    const bobExplanation = explainAccess(chain, identity('bob'));
    expect(decisionOf(bobExplanation, 'TAKE_OWNERSHIP')?.reason).toMatchObject({
      nodeId: 'root',
      aceIndex: 0,
      principal: user('bob'),
    });
  });

  it('formats one line per right', () => {
    expect(formatExplanation(explanation)).toEqual([
      'LIST: allowed by allow entry 0 for group:staff, inherited from node a (1 level up)',
      'READ: allowed by allow entry 1 for group:staff, inherited from node root (2 levels up)',
      'WRITE: allowed by allow entry 0 for user:alice, set on this node',
      'CREATE: allowed by allow entry 1 for group:staff, inherited from node root (2 levels up)',
      'DELETE: denied by deny entry 1 for group:staff, inherited from node a (1 level up)',
      'DELETE_CHILDREN: denied because no entry grants it',
      'READ_PERMISSIONS: allowed because user:alice owns the node',
      'CHANGE_PERMISSIONS: allowed because user:alice owns the node',
      'TAKE_OWNERSHIP: denied because no entry grants it',
    ]);
  });

  it('formats a share role', () => {
    const lines = formatExplanation(
      explainAccess([folder('root')], identity('carol', [], ['reader'])),
    );
    expect(lines[0]).toBe(
      'LIST: allowed by the share role reader, inherited from the share (1 level up)',
    );
  });
});
