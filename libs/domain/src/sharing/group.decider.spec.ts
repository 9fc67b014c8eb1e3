import { decideGroup, GroupState } from './group.decider.js';

function created(): GroupState {
  return GroupState.from(
    decideGroup(new GroupState(), {
      type: 'CreateGroup',
      groupId: 'g1',
      tenantId: 't1',
      name: '  Finance ',
    }),
  );
}

describe('decideGroup', () => {
  it('trims the name and rejects empty and control-character names', () => {
    expect(created().name).toBe('Finance');
    for (const name of ['   ', 'a\u0007b', 'x'.repeat(256)]) {
      expect(() =>
        decideGroup(new GroupState(), { type: 'CreateGroup', groupId: 'g', tenantId: 't', name }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }));
    }
  });

  it('adds a member once and refuses to remove a stranger', () => {
    const state = created();
    const added = decideGroup(state, { type: 'AddGroupMember', userId: 'bob' });
    expect(added).toEqual([{ type: 'GroupMemberAdded', data: { groupId: 'g1', userId: 'bob' } }]);
    for (const event of added) state.apply(event);
    expect(decideGroup(state, { type: 'AddGroupMember', userId: 'bob' })).toEqual([]);
    expect(() => decideGroup(state, { type: 'RemoveGroupMember', userId: 'carol' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('answers NOT_FOUND once the group is deleted', () => {
    const state = created();
    for (const event of decideGroup(state, { type: 'DeleteGroup' })) state.apply(event);
    expect(() => decideGroup(state, { type: 'RenameGroup', name: 'X' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});
