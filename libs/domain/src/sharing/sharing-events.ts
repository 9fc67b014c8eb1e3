import { type ShareRole } from '../acl/share-roles.js';
import { type ConflictStrategy } from '../events/drive-events.js';

/**
 * Events of group (`group-<id>`) and share (`share-<id>`) streams. A share owns a tree of its own
 * (`tree-<treeId>`), created in the same request, which its members reach through their roles.
 */

export interface GroupCreated {
  readonly groupId: string;
  readonly tenantId: string;
  readonly name: string;
}

export interface GroupRenamed {
  readonly groupId: string;
  readonly name: string;
}

export interface GroupDeleted {
  readonly groupId: string;
}

export interface GroupMemberAdded {
  readonly groupId: string;
  readonly userId: string;
}

export interface GroupMemberRemoved {
  readonly groupId: string;
  readonly userId: string;
}

/** A share member: a user, or every member of a group. */
export interface ShareMember {
  readonly kind: 'user' | 'group';
  readonly id: string;
}

export interface ShareCreated {
  readonly shareId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly treeId: string;
  readonly rootId: string;
  /** The creating user, who becomes its first owner. */
  readonly createdBy: string;
}

export interface ShareRenamed {
  readonly shareId: string;
  readonly name: string;
}

/** The strategy for conflicts in the share's tree when a commit names none; null for the tenant's. */
export interface ShareConflictStrategySet {
  readonly shareId: string;
  readonly strategy: ConflictStrategy | null;
}

/** The share and its tree are gone for every member; the events stay on the log. */
export interface ShareDeleted {
  readonly shareId: string;
}

/** A member was added, or an existing member's role changed. */
export interface ShareMemberSet {
  readonly shareId: string;
  readonly member: ShareMember;
  readonly role: ShareRole;
  /** Null when the member is new. */
  readonly previousRole: ShareRole | null;
}

export interface ShareMemberRemoved {
  readonly shareId: string;
  readonly member: ShareMember;
  readonly previousRole: ShareRole;
}

export interface SharingEventMap {
  GroupCreated: GroupCreated;
  GroupRenamed: GroupRenamed;
  GroupDeleted: GroupDeleted;
  GroupMemberAdded: GroupMemberAdded;
  GroupMemberRemoved: GroupMemberRemoved;
  ShareCreated: ShareCreated;
  ShareRenamed: ShareRenamed;
  ShareConflictStrategySet: ShareConflictStrategySet;
  ShareDeleted: ShareDeleted;
  ShareMemberSet: ShareMemberSet;
  ShareMemberRemoved: ShareMemberRemoved;
}

export type SharingEvent = {
  [K in keyof SharingEventMap]: { readonly type: K; readonly data: SharingEventMap[K] };
}[keyof SharingEventMap];

export function groupStreamId(groupId: string): string {
  return `group-${groupId}`;
}

export function shareStreamId(shareId: string): string {
  return `share-${shareId}`;
}

/** Key under which a member is stored, such as `group:<id>`. */
export function memberKey(member: ShareMember): string {
  return `${member.kind}:${member.id}`;
}
