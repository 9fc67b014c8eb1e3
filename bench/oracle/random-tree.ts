import {
  AppliesTo,
  Inherit,
  Right,
  type AccessControlEntry,
  type BlockedInheritance,
  type InheritanceFlags,
  type NodeKind,
  type OwnerPrincipal,
  type Principal,
  type RightsMask,
} from '@scaidrive/domain';

/** Test users and their groups, by the ids the ScaiDrive side uses. */
export const TEST_USERS = ['u1', 'u2', 'u3'] as const;
export const TEST_GROUPS: Record<string, readonly string[]> = {
  g1: ['u1', 'u2'],
  g2: ['u2', 'u3'],
};
/** Owner of every node without a random owner: the administrator who builds the tree. */
export const ADMIN_ID = 'admin';

/**
 * Rights that one Windows bit carries, so generated entries always give or deny them together.
 * LIST and READ share FILE_LIST_DIRECTORY/FILE_READ_DATA (0x1), and WRITE and CREATE share
 * FILE_ADD_FILE/FILE_WRITE_DATA (0x2) with FILE_ADD_SUBDIRECTORY/FILE_APPEND_DATA (0x4).
 */
export const RIGHT_GROUPS: readonly RightsMask[] = [
  Right.LIST | Right.READ,
  Right.WRITE | Right.CREATE,
  Right.DELETE,
  Right.DELETE_CHILDREN,
  Right.READ_PERMISSIONS,
  Right.CHANGE_PERMISSIONS,
  Right.TAKE_OWNERSHIP,
];

const FOLDER_INHERITANCE: readonly InheritanceFlags[] = [
  ...Object.values(AppliesTo),
  Inherit.OBJECT | Inherit.CONTAINER | Inherit.NO_PROPAGATE,
  Inherit.CONTAINER | Inherit.NO_PROPAGATE,
  Inherit.OBJECT | Inherit.NO_PROPAGATE,
  Inherit.OBJECT | Inherit.CONTAINER | Inherit.NO_PROPAGATE | Inherit.INHERIT_ONLY,
];

/** One file or folder of a generated tree, with the security set on it. */
export interface TreeNode {
  /** Path below the tree's root folder, `/` for the root itself. */
  readonly path: string;
  readonly kind: NodeKind;
  readonly owner: OwnerPrincipal;
  /** Treatment of the inherited entries when the node blocks inheritance, or null when it inherits. */
  readonly blocked: BlockedInheritance | null;
  readonly entries: readonly AccessControlEntry[];
}

/** A generated tree: nodes in creation order, every parent before its children. */
export interface RandomTree {
  readonly name: string;
  readonly seed: number;
  readonly nodes: readonly TreeNode[];
}

/** Returns a mulberry32 generator of numbers in [0, 1), reproducible from `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Generates a tree of at most `maxNodes` nodes and three folder levels below the root, each node
 * with up to three random entries for the test users and groups.
 */
export function generateTree(name: string, seed: number, maxNodes = 10): RandomTree {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const nodes: TreeNode[] = [];
  let counter = 0;

  const addNode = (path: string, kind: NodeKind, isRoot: boolean): void => {
    const owner: OwnerPrincipal =
      !isRoot && random() < 0.15
        ? { kind: 'user', id: pick(TEST_USERS) }
        : { kind: 'user', id: ADMIN_ID };
    const blocked: BlockedInheritance | null =
      !isRoot && kind === 'folder' && random() < 0.25 ? pick(['copy', 'drop'] as const) : null;
    const entryCount = Math.floor(random() * 4);
    const entries = Array.from({ length: entryCount }, () => randomEntry(kind));
    nodes.push({ path, kind, owner, blocked, entries });
  };

  const randomEntry = (kind: NodeKind): AccessControlEntry => {
    const principals: Principal[] = [
      ...TEST_USERS.map((id) => ({ kind: 'user', id }) as const),
      ...Object.keys(TEST_GROUPS).map((id) => ({ kind: 'group', id }) as const),
    ];
    let rights = 0;
    while (rights === 0) {
      for (const group of RIGHT_GROUPS) if (random() < 0.35) rights |= group;
    }
    return {
      principal: pick(principals),
      type: random() < 0.6 ? 'allow' : 'deny',
      rights,
      inheritance: kind === 'file' ? Inherit.NONE : pick(FOLDER_INHERITANCE),
    };
  };

  const addChildren = (folderPath: string, depth: number): void => {
    const childCount = 2 + Math.floor(random() * 2);
    for (let index = 0; index < childCount && nodes.length < maxNodes; index++) {
      counter++;
      const isFolder = depth < 3 && random() < 0.6;
      const base = folderPath === '/' ? '' : folderPath;
      const path = isFolder ? `${base}/d${counter}` : `${base}/f${counter}.txt`;
      addNode(path, isFolder ? 'folder' : 'file', false);
      if (isFolder) addChildren(path, depth + 1);
    }
  };

  addNode('/', 'folder', true);
  addChildren('/', 1);
  return { name, seed, nodes };
}
