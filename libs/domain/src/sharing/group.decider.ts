import { DomainError } from '../errors/domain-error.js';
import { type SharingEvent } from './sharing-events.js';
import { validateLabel } from './label.js';

export type GroupCommand =
  | {
      readonly type: 'CreateGroup';
      readonly groupId: string;
      readonly tenantId: string;
      readonly name: string;
    }
  | { readonly type: 'RenameGroup'; readonly name: string }
  | { readonly type: 'DeleteGroup' }
  | { readonly type: 'AddGroupMember'; readonly userId: string }
  | { readonly type: 'RemoveGroupMember'; readonly userId: string };

/** A group as its stream's events leave it. */
export class GroupState {
  groupId: string | null = null;
  name = '';
  deleted = false;
  readonly members = new Set<string>();

  static from(events: readonly SharingEvent[]): GroupState {
    const state = new GroupState();
    for (const event of events) state.apply(event);
    return state;
  }

  apply(event: SharingEvent): void {
    switch (event.type) {
      case 'GroupCreated':
        this.groupId = event.data.groupId;
        this.name = event.data.name;
        return;
      case 'GroupRenamed':
        this.name = event.data.name;
        return;
      case 'GroupDeleted':
        this.deleted = true;
        return;
      case 'GroupMemberAdded':
        this.members.add(event.data.userId);
        return;
      case 'GroupMemberRemoved':
        this.members.delete(event.data.userId);
        return;
    }
  }
}

/** Decides a group command; an empty result means it changes nothing, as when re-adding a member. */
export function decideGroup(state: GroupState, command: GroupCommand): SharingEvent[] {
  if (command.type === 'CreateGroup') {
    if (state.groupId) throw new DomainError('ALREADY_EXISTS', 'the group already exists');
    const { groupId, tenantId } = command;
    const name = validateLabel(command.name, 'group name');
    return [{ type: 'GroupCreated', data: { groupId, tenantId, name } }];
  }
  const groupId = state.groupId;
  if (!groupId || state.deleted) throw new DomainError('NOT_FOUND', 'group not found');
  switch (command.type) {
    case 'RenameGroup': {
      const name = validateLabel(command.name, 'group name');
      return name === state.name ? [] : [{ type: 'GroupRenamed', data: { groupId, name } }];
    }
    case 'DeleteGroup':
      return [{ type: 'GroupDeleted', data: { groupId } }];
    case 'AddGroupMember':
      if (state.members.has(command.userId)) return [];
      return [{ type: 'GroupMemberAdded', data: { groupId, userId: command.userId } }];
    case 'RemoveGroupMember':
      if (!state.members.has(command.userId)) {
        throw new DomainError('NOT_FOUND', 'the user is not a member of the group');
      }
      return [{ type: 'GroupMemberRemoved', data: { groupId, userId: command.userId } }];
  }
}
