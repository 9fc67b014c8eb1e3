import { type ShareRole } from '../acl/share-roles.js';
import { DomainError } from '../errors/domain-error.js';
import { type ConflictStrategy } from '../events/drive-events.js';
import { normalizeName } from '../names/node-name.js';
import { memberKey, type ShareMember, type SharingEvent } from './sharing-events.js';

export type ShareCommand =
  | {
      readonly type: 'CreateShare';
      readonly shareId: string;
      readonly tenantId: string;
      readonly name: string;
      readonly treeId: string;
      readonly rootId: string;
      readonly createdBy: string;
    }
  | { readonly type: 'RenameShare'; readonly name: string }
  | { readonly type: 'SetShareConflictStrategy'; readonly strategy: ConflictStrategy | null }
  | { readonly type: 'DeleteShare' }
  | { readonly type: 'SetShareMember'; readonly member: ShareMember; readonly role: ShareRole }
  | { readonly type: 'RemoveShareMember'; readonly member: ShareMember };

/** A share as its stream's events leave it. */
export class ShareState {
  shareId: string | null = null;
  name = '';
  conflictStrategy: ConflictStrategy | null = null;
  deleted = false;
  /** Role of each member by memberKey(). */
  readonly members = new Map<string, { member: ShareMember; role: ShareRole }>();

  static from(events: readonly SharingEvent[]): ShareState {
    const state = new ShareState();
    for (const event of events) state.apply(event);
    return state;
  }

  apply(event: SharingEvent): void {
    switch (event.type) {
      case 'ShareCreated': {
        this.shareId = event.data.shareId;
        this.name = event.data.name;
        const owner: ShareMember = { kind: 'user', id: event.data.createdBy };
        this.members.set(memberKey(owner), { member: owner, role: 'owner' });
        return;
      }
      case 'ShareRenamed':
        this.name = event.data.name;
        return;
      case 'ShareConflictStrategySet':
        this.conflictStrategy = event.data.strategy;
        return;
      case 'ShareDeleted':
        this.deleted = true;
        return;
      case 'ShareMemberSet':
        this.members.set(memberKey(event.data.member), {
          member: event.data.member,
          role: event.data.role,
        });
        return;
      case 'ShareMemberRemoved':
        this.members.delete(memberKey(event.data.member));
        return;
    }
  }

  /** Users who own the share directly; a group owner does not count, since it can be emptied. */
  directOwners(): string[] {
    return [...this.members.values()]
      .filter((entry) => entry.member.kind === 'user' && entry.role === 'owner')
      .map((entry) => entry.member.id);
  }
}

/**
 * Decides a share command. A share always keeps at least one user as a direct owner, so that it
 * never ends up without anyone who can manage it.
 */
export function decideShare(state: ShareState, command: ShareCommand): SharingEvent[] {
  if (command.type === 'CreateShare') {
    if (state.shareId) throw new DomainError('ALREADY_EXISTS', 'the share already exists');
    const { type: _type, ...data } = command;
    return [{ type: 'ShareCreated', data: { ...data, name: normalizeName(command.name) } }];
  }
  const shareId = state.shareId;
  if (!shareId || state.deleted) throw new DomainError('NOT_FOUND', 'share not found');
  switch (command.type) {
    case 'RenameShare': {
      const name = normalizeName(command.name);
      return name === state.name ? [] : [{ type: 'ShareRenamed', data: { shareId, name } }];
    }
    case 'SetShareConflictStrategy': {
      const { strategy } = command;
      if (strategy === state.conflictStrategy) return [];
      return [{ type: 'ShareConflictStrategySet', data: { shareId, strategy } }];
    }
    case 'DeleteShare':
      return [{ type: 'ShareDeleted', data: { shareId } }];
    case 'SetShareMember': {
      const current = state.members.get(memberKey(command.member));
      if (current?.role === command.role) return [];
      if (current?.role === 'owner') requireAnotherOwner(state, command.member);
      const previousRole = current?.role ?? null;
      const data = { shareId, member: command.member, role: command.role, previousRole };
      return [{ type: 'ShareMemberSet', data }];
    }
    case 'RemoveShareMember': {
      const current = state.members.get(memberKey(command.member));
      if (!current) throw new DomainError('NOT_FOUND', 'not a member of the share');
      if (current.role === 'owner') requireAnotherOwner(state, command.member);
      const data = { shareId, member: command.member, previousRole: current.role };
      return [{ type: 'ShareMemberRemoved', data }];
    }
  }
}

function requireAnotherOwner(state: ShareState, leaving: ShareMember): void {
  const others = state.directOwners().filter((id) => leaving.kind !== 'user' || id !== leaving.id);
  if (leaving.kind === 'user' && others.length === 0) {
    throw new DomainError('FORBIDDEN', 'a share must keep at least one user as owner', {
      reason: 'last owner',
    });
  }
}
