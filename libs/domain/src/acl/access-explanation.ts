import { type AceType } from './node-security.js';
import { formatPrincipal, type OwnerPrincipal, type Principal } from './principal.js';
import { type RightName, type RightsMask } from './rights.js';
import { type ShareRole } from './share-roles.js';

/** Cause of one right's decision in an access check. */
export type AccessReason =
  | {
      readonly kind: 'entry';
      readonly type: AceType;
      readonly inherited: boolean;
      /** The node on which the entry is set: the checked node, or the ancestor it comes from. */
      readonly nodeId: string;
      /** Index in that node's explicit entries. */
      readonly aceIndex: number;
      /** Levels above the checked node: 0 for an explicit entry, 1 for the parent. */
      readonly depth: number;
      readonly principal: Principal;
    }
  | {
      readonly kind: 'share-role';
      readonly type: 'allow';
      readonly inherited: true;
      readonly role: ShareRole;
      /** Levels above the checked node: one more than the share's root. */
      readonly depth: number;
    }
  | { readonly kind: 'owner'; readonly principal: OwnerPrincipal }
  | { readonly kind: 'privilege'; readonly role: ShareRole }
  | { readonly kind: 'no-entry' };

export interface RightDecision {
  readonly right: RightName;
  readonly allowed: boolean;
  readonly reason: AccessReason;
}

/** Effective rights of one identity on one node, with the reason for every right. */
export interface AccessExplanation {
  readonly nodeId: string;
  readonly rights: RightsMask;
  /** One decision per right, in `RIGHT_NAMES` order. */
  readonly decisions: readonly RightDecision[];
}

/** Formats each decision as one line for administrators, such as the CLI prints. */
export function formatExplanation(explanation: AccessExplanation): string[] {
  return explanation.decisions.map((decision) => {
    const outcome = decision.allowed ? 'allowed' : 'denied';
    return `${decision.right}: ${outcome} ${describeReason(decision.reason)}`;
  });
}

function describeReason(reason: AccessReason): string {
  switch (reason.kind) {
    case 'entry': {
      const where = reason.inherited
        ? `inherited from node ${reason.nodeId} (${levels(reason.depth)} up)`
        : `set on this node`;
      const principal = formatPrincipal(reason.principal);
      return `by ${reason.type} entry ${reason.aceIndex} for ${principal}, ${where}`;
    }
    case 'share-role': {
      const where = `inherited from the share (${levels(reason.depth)} up)`;
      return `by the share role ${reason.role}, ${where}`;
    }
    case 'owner':
      return `because ${formatPrincipal(reason.principal)} owns the node`;
    case 'privilege':
      return `because the share role ${reason.role} may always take ownership`;
    case 'no-entry':
      return 'because no entry grants it';
  }
}

function levels(depth: number): string {
  return depth === 1 ? '1 level' : `${depth} levels`;
}
