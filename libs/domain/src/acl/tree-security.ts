import { evaluateAccess, explainAccess } from './evaluate-access.js';
import { type AccessExplanation } from './access-explanation.js';
import { type NodeKind, type NodeSecurity, type SecuredNode } from './node-security.js';
import { type SecurityIdentity } from './principal.js';
import { type RightsMask } from './rights.js';

/** A node that carries security of its own, keyed in a tree by its path. */
export interface SecuredPath {
  readonly id: string;
  readonly kind: NodeKind;
  readonly security: NodeSecurity;
}

/** A node to check: its id, kind and path below the tree's root (`/` for the root). */
export interface PathNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly path: string;
}

/**
 * The security of one tree: its owner and the few nodes with security of their own. Every other
 * node has the default (owned by the tree's owner, no entries, inheriting), so a chain of
 * SecuredNodes can be built from a node's path alone, without reading its ancestors.
 */
export class TreeSecurity {
  constructor(
    readonly ownerId: string,
    private readonly secured: ReadonlyMap<string, SecuredPath>,
  ) {}

  /** True when no node of the tree has security of its own, so share roles alone decide. */
  get plain(): boolean {
    return this.secured.size === 0;
  }

  /** Returns a copy in which the node at `path` has `security` (null for the default). */
  with(path: string, node: Omit<SecuredPath, 'security'>, security: NodeSecurity | null) {
    const secured = new Map(this.secured);
    if (security) secured.set(path, { ...node, security });
    else secured.delete(path);
    return new TreeSecurity(this.ownerId, secured);
  }

  /** Builds the chain from the tree's root down to `node`. */
  chain(node: PathNode): SecuredNode[] {
    const names = node.path === '/' ? [] : node.path.slice(1).split('/');
    const chain: SecuredNode[] = [];
    for (let depth = 0; depth <= names.length; depth++) {
      const path = depth === 0 ? '/' : `/${names.slice(0, depth).join('/')}`;
      const last = depth === names.length;
      const own = this.secured.get(path);
      chain.push({
        id: last ? node.id : (own?.id ?? path),
        kind: last ? node.kind : 'folder',
        security: own?.security ?? this.defaultSecurity(),
      });
    }
    return chain;
  }

  rights(node: PathNode, identity: SecurityIdentity): RightsMask {
    return evaluateAccess(this.chain(node), identity);
  }

  explain(node: PathNode, identity: SecurityIdentity): AccessExplanation {
    return explainAccess(this.chain(node), identity);
  }

  defaultSecurity(): NodeSecurity {
    return { owner: { kind: 'user', id: this.ownerId }, protected: false, entries: [] };
  }
}
