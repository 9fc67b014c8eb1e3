import {
  canDeleteNode,
  evaluateAccess,
  formatPrincipal,
  hasRights,
  nodeAcl,
  offeredEntries,
  Right,
  type AccessControlEntry,
  type NodeKind,
  type Principal,
  type RightsMask,
  type SecuredNode,
  type SecurityIdentity,
} from '@scaidrive/domain';
import { TEST_GROUPS, type RandomTree, type TreeNode } from './random-tree.js';

/** Operations the oracle performs through smbclient and smbcacls. */
export type Operation =
  'list' | 'create' | 'read' | 'write' | 'delete' | 'read-acl' | 'change-acl' | 'take-ownership';

/** Operations that apply to a node of each kind. Deleting the tree's root is never probed. */
export function operationsFor(kind: NodeKind, isRoot: boolean): Operation[] {
  const own: Operation[] = kind === 'folder' ? ['list', 'create'] : ['read', 'write'];
  const security: Operation[] = ['read-acl', 'change-acl', 'take-ownership'];
  return isRoot ? [...own, ...security] : [...own, ...security, 'delete'];
}

/**
 * ScaiDrive rights each operation needs, as Samba 4.17 checks them for the access masks smbclient
 * requests. `get` opens with GENERIC_READ, which contains READ_CONTROL, so reading a file also
 * needs READ_PERMISSIONS. `put` on an existing file opens with GENERIC_READ | GENERIC_WRITE, so
 * writing needs READ and READ_PERMISSIONS as well. Creating a file needs only FILE_ADD_FILE on
 * the folder, because the creator receives the access it requests on a new file. `delete` is not
 * here: it follows `canDeleteNode`, which allows DELETE on the node or DELETE_CHILDREN on its
 * folder, and for a file also needs LIST on the folder.
 */
export const REQUIRED_RIGHTS: Record<Exclude<Operation, 'delete'>, RightsMask> = {
  list: Right.LIST,
  create: Right.CREATE,
  read: Right.READ | Right.READ_PERMISSIONS,
  write: Right.READ | Right.WRITE | Right.READ_PERMISSIONS,
  'read-acl': Right.READ_PERMISSIONS,
  // smbcacls --add reads the whole security descriptor before it writes the new one.
  'change-acl': Right.READ_PERMISSIONS | Right.CHANGE_PERMISSIONS,
  'take-ownership': Right.TAKE_OWNERSHIP,
};

/** Windows access mask bits for each ScaiDrive right. */
const NT_BITS: readonly [RightsMask, number][] = [
  [Right.LIST | Right.READ, 0x1],
  [Right.WRITE | Right.CREATE, 0x2 | 0x4],
  [Right.DELETE, 0x10000],
  [Right.DELETE_CHILDREN, 0x40],
  [Right.READ_PERMISSIONS, 0x20000],
  [Right.CHANGE_PERMISSIONS, 0x40000],
  [Right.TAKE_OWNERSHIP, 0x80000],
];

/** Converts a ScaiDrive rights mask to the Windows access mask. */
export function ntMask(rights: RightsMask): number {
  return NT_BITS.reduce((mask, [bits, nt]) => (rights & bits ? mask | nt : mask), 0);
}

/** Windows ACE flag of an entry copied from a parent. */
export const INHERITED_ACE = 0x10;

/** One access control entry in the form `smbcacls --numeric` prints and reads. */
export interface NtAce {
  readonly sid: string;
  /** 0 for access allowed, 1 for access denied. */
  readonly type: number;
  readonly flags: number;
  readonly mask: number;
}

/** Formats an entry as `smbcacls` takes it after `ACL:`. */
export function formatNtAce(ace: NtAce): string {
  const mask = ace.mask.toString(16).padStart(8, '0');
  return `${ace.sid}:${ace.type}/0x${ace.flags.toString(16)}/0x${mask}`;
}

/** Maps ScaiDrive principals to the SIDs Samba puts in the test users' tokens. */
export type SidOf = (principal: Principal) => string;

/** Converts a ScaiDrive entry to a Windows entry; `inherited` marks a copy from a parent. */
export function toNtAce(entry: AccessControlEntry, sidOf: SidOf, inherited: boolean): NtAce {
  return {
    sid: sidOf(entry.principal),
    type: entry.type === 'allow' ? 0 : 1,
    flags: entry.inheritance | (inherited ? INHERITED_ACE : 0),
    mask: ntMask(entry.rights),
  };
}

/** The ScaiDrive side of one generated tree: a SecuredNode chain for every node. */
export class ScaiDriveModel {
  private readonly secured = new Map<string, SecuredNode>();

  constructor(readonly tree: RandomTree) {
    for (const node of tree.nodes) this.secured.set(node.path, this.secure(node));
  }

  /** Builds the chain from the tree's root down to the node at `path`. */
  chain(path: string): SecuredNode[] {
    const names = path === '/' ? [] : path.slice(1).split('/');
    const paths = ['/', ...names.map((_, index) => `/${names.slice(0, index + 1).join('/')}`)];
    return paths.map((ancestor) => this.secured.get(ancestor)!);
  }

  /** Returns whether ScaiDrive allows `identity` to perform `operation` on the node at `path`. */
  allows(path: string, operation: Operation, identity: SecurityIdentity): boolean {
    const chain = this.chain(path);
    if (operation === 'delete') {
      // smbclient's `rm` finds a file by listing its folder first, while `rmdir` opens the folder
      // directly, so only a file's delete also needs LIST on the parent.
      const last = chain[chain.length - 1]!;
      const parentRights = evaluateAccess(chain.slice(0, -1), identity);
      const found = last.kind === 'folder' || hasRights(parentRights, Right.LIST);
      return found && canDeleteNode(chain, identity);
    }
    return hasRights(evaluateAccess(chain, identity), REQUIRED_RIGHTS[operation]);
  }

  /**
   * Builds the Windows ACL that ScaiDrive's evaluation order implies for the node at `path`.
   * Share role entries, inherited or copied by blocking inheritance, are left out, because Samba
   * has no such principal and the test users have no role.
   */
  expectedNtAcl(path: string, sidOf: SidOf): NtAce[] {
    return nodeAcl(this.chain(path))
      .filter((entry) => entry.principal.kind !== 'role')
      .map((entry) => toNtAce(entry, sidOf, entry.inherited));
  }

  /**
   * Builds the node's security the way the oracle sets it on Samba: inheritance blocked first
   * (copying or dropping what the parent offers), then the generated entries added.
   */
  private secure(node: TreeNode): SecuredNode {
    const base: SecuredNode = {
      id: node.path,
      kind: node.kind,
      security: { owner: node.owner, protected: false, entries: [] },
    };
    if (!node.blocked) return { ...base, security: { ...base.security, entries: node.entries } };
    const copied =
      node.blocked === 'copy' ? offeredEntries([...this.chain(parentPath(node.path)), base]) : [];
    return {
      ...base,
      security: { owner: node.owner, protected: true, entries: [...node.entries, ...copied] },
    };
  }
}

/** Builds the identity of a test user: their groups and no share role. */
export function identityOf(userId: string): SecurityIdentity {
  const groupIds = Object.entries(TEST_GROUPS)
    .filter(([, members]) => members.includes(userId))
    .map(([id]) => id);
  return { userId, groupIds, roles: [] };
}

export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** Describes a generated node in one line per entry, for disagreement reports. */
export function describeNode(node: TreeNode): string[] {
  const flags = [
    node.kind,
    `owner ${formatPrincipal(node.owner)}`,
    node.blocked ? `inheritance blocked (${node.blocked})` : 'inherits',
  ];
  const lines = [`${node.path}: ${flags.join(', ')}`];
  for (const entry of node.entries) {
    const mask = ntMask(entry.rights).toString(16).padStart(6, '0');
    const inheritance = `flags 0x${entry.inheritance.toString(16)}`;
    lines.push(
      `    ${entry.type} ${formatPrincipal(entry.principal)} 0x${mask} (${rightList(entry.rights)}) ${inheritance}`,
    );
  }
  return lines;
}

function rightList(rights: RightsMask): string {
  return Object.entries(Right)
    .filter(([, bit]) => rights & bit)
    .map(([name]) => name)
    .join('|');
}
