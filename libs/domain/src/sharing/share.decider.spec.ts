import { decideShare, ShareState } from './share.decider.js';
import { type SharingEvent } from './sharing-events.js';

const created: SharingEvent = {
  type: 'ShareCreated',
  data: {
    shareId: 's1',
    tenantId: 't1',
    name: 'Finance',
    treeId: 'tree1',
    rootId: 'root1',
    createdBy: 'alice',
  },
};

function stateAfter(...events: SharingEvent[]): ShareState {
  return ShareState.from([created, ...events]);
}

describe('decideShare', () => {
  it('makes the creator the first owner', () => {
    expect(stateAfter().directOwners()).toEqual(['alice']);
  });

  it('normalizes and validates the share name like a folder name', () => {
    const [event] = decideShare(new ShareState(), {
      type: 'CreateShare',
      shareId: 's1',
      tenantId: 't1',
      name: 'Cafe\u0301',
      treeId: 'tree1',
      rootId: 'root1',
      createdBy: 'alice',
    });
    expect(event.data).toMatchObject({ name: 'Caf\u00e9' });
    expect(() =>
      decideShare(new ShareState(), {
        type: 'CreateShare',
        shareId: 's1',
        tenantId: 't1',
        name: 'a:b',
        treeId: 'tree1',
        rootId: 'root1',
        createdBy: 'alice',
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }));
  });

  it('adds a member, changes the role and records the previous one', () => {
    const member = { kind: 'group', id: 'g1' } as const;
    const [added] = decideShare(stateAfter(), { type: 'SetShareMember', member, role: 'reader' });
    expect(added.data).toMatchObject({ role: 'reader', previousRole: null });
    const state = stateAfter(added);
    expect(decideShare(state, { type: 'SetShareMember', member, role: 'reader' })).toEqual([]);
    const [changed] = decideShare(state, { type: 'SetShareMember', member, role: 'contributor' });
    expect(changed.data).toMatchObject({ role: 'contributor', previousRole: 'reader' });
  });

  it('sets and clears the conflict strategy once', () => {
    const [set] = decideShare(stateAfter(), {
      type: 'SetShareConflictStrategy',
      strategy: 'MANUAL',
    });
    expect(set).toEqual({
      type: 'ShareConflictStrategySet',
      data: { shareId: 's1', strategy: 'MANUAL' },
    });
    const state = stateAfter(set);
    expect(decideShare(state, { type: 'SetShareConflictStrategy', strategy: 'MANUAL' })).toEqual(
      [],
    );
    const [cleared] = decideShare(state, { type: 'SetShareConflictStrategy', strategy: null });
    expect(cleared.data).toEqual({ shareId: 's1', strategy: null });
  });

  it('refuses to remove or demote the last user owner', () => {
    const alice = { kind: 'user', id: 'alice' } as const;
    const state = stateAfter();
    expect(() => decideShare(state, { type: 'RemoveShareMember', member: alice })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() =>
      decideShare(state, { type: 'SetShareMember', member: alice, role: 'admin' }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('lets an owner leave once another user owns the share', () => {
    const bob = { kind: 'user', id: 'bob' } as const;
    const [bobOwner] = decideShare(stateAfter(), {
      type: 'SetShareMember',
      member: bob,
      role: 'owner',
    });
    const state = stateAfter(bobOwner);
    const [removed] = decideShare(state, {
      type: 'RemoveShareMember',
      member: { kind: 'user', id: 'alice' },
    });
    expect(removed).toMatchObject({ type: 'ShareMemberRemoved', data: { previousRole: 'owner' } });
  });

  it('does not count a group owner as the owner that must remain', () => {
    const group = { kind: 'group', id: 'g1' } as const;
    const [groupOwner] = decideShare(stateAfter(), {
      type: 'SetShareMember',
      member: group,
      role: 'owner',
    });
    const state = stateAfter(groupOwner);
    expect(() =>
      decideShare(state, { type: 'RemoveShareMember', member: { kind: 'user', id: 'alice' } }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(decideShare(state, { type: 'RemoveShareMember', member: group })).toHaveLength(1);
  });

  it('rejects changes to missing shares and members', () => {
    const state = stateAfter();
    expect(() =>
      decideShare(state, { type: 'RemoveShareMember', member: { kind: 'user', id: 'carol' } }),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const deleted = stateAfter({ type: 'ShareDeleted', data: { shareId: 's1' } });
    expect(() => decideShare(deleted, { type: 'RenameShare', name: 'X' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});
