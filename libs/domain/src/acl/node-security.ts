import { type InheritanceFlags } from './inheritance-flags.js';
import { type OwnerPrincipal, type Principal } from './principal.js';
import { type RightsMask } from './rights.js';
import { type ShareRole } from './share-roles.js';

export type AceType = 'allow' | 'deny';

export type NodeKind = 'file' | 'folder';

/** An access control entry as an administrator sets it on a node. */
export interface AccessControlEntry {
  readonly principal: Principal;
  readonly type: AceType;
  readonly rights: RightsMask;
  /** Always `Inherit.NONE` on a file, which has no children. */
  readonly inheritance: InheritanceFlags;
}

/**
 * Security of one node. Only explicit entries are stored: inherited ones are derived from the
 * chain of ancestors at every check, so a moved node inherits from its new parent at once.
 */
export interface NodeSecurity {
  readonly owner: OwnerPrincipal;
  /** Inheritance blocked: the node receives no entry from its parent or from the share's roles. */
  readonly protected: boolean;
  readonly entries: readonly AccessControlEntry[];
}

/** One node of the chain from the share's root down to the node being checked. */
export interface SecuredNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly security: NodeSecurity;
}

/** Origin of an entry of a node's access control list. */
export type EntryOrigin =
  | {
      readonly kind: 'node';
      readonly nodeId: string;
      /** Index in that node's explicit `entries`. */
      readonly aceIndex: number;
      /** Levels above the checked node: 0 for the node itself, 1 for its parent. */
      readonly depth: number;
    }
  | {
      readonly kind: 'share-role';
      readonly role: ShareRole;
      /** Levels above the checked node: one more than the share's root. */
      readonly depth: number;
    };

/** An entry of a node's access control list, explicit or inherited, as it applies there. */
export interface AppliedEntry extends AccessControlEntry {
  readonly inherited: boolean;
  readonly origin: EntryOrigin;
}
