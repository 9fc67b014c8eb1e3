import { DomainError } from '../errors/domain-error.js';
import { hasFlag, Inherit, type InheritanceFlags } from './inheritance-flags.js';
import {
  type AccessControlEntry,
  type AppliedEntry,
  type NodeKind,
  type SecuredNode,
} from './node-security.js';
import { type ShareRole, shareRoleEntries } from './share-roles.js';

/**
 * Returns the flags an entry carries on a child of `childKind` that inherits it, or null when
 * that child does not inherit it. This follows how Windows copies an entry to a child: a folder
 * keeps an entry meant for files as inherit-only, so files further down still receive it, and a
 * no-propagate entry reaches the direct children without any inheritance flag.
 */
export function inheritedFlags(
  flags: InheritanceFlags,
  childKind: NodeKind,
): InheritanceFlags | null {
  const toFiles = hasFlag(flags, Inherit.OBJECT);
  const toFolders = hasFlag(flags, Inherit.CONTAINER);
  if (childKind === 'file') return toFiles ? Inherit.NONE : null;
  if (hasFlag(flags, Inherit.NO_PROPAGATE)) return toFolders ? Inherit.NONE : null;
  if (toFolders) return flags & (Inherit.OBJECT | Inherit.CONTAINER);
  if (toFiles) return Inherit.OBJECT | Inherit.INHERIT_ONLY;
  return null;
}

type Source = { chainIndex: number; aceIndex: number } | { role: ShareRole };

interface ChainEntry {
  readonly entry: AccessControlEntry;
  readonly inherited: boolean;
  readonly source: Source;
}

/**
 * Returns the access control list of the last node of `chain` (share root first) in Windows
 * canonical order. Explicit deny entries come first, then explicit allow entries, then the
 * entries inherited from the parent, the grandparent and so on (deny before allow at each
 * level), and the share's roles last. Inherit-only entries stay in the list because descendants
 * inherit them, but they do not apply to the node itself.
 */
export function nodeAcl(chain: readonly SecuredNode[]): AppliedEntry[] {
  assertChain(chain);
  const lastIndex = chain.length - 1;
  const list = chainAcl(chain, lastIndex, true);
  return list.map(({ entry, inherited, source }) => ({
    ...entry,
    inherited,
    origin:
      'role' in source
        ? { kind: 'share-role', role: source.role, depth: chain.length }
        : {
            kind: 'node',
            nodeId: chain[source.chainIndex]!.id,
            aceIndex: source.aceIndex,
            depth: lastIndex - source.chainIndex,
          },
  }));
}

/**
 * Returns the entries the last node of `chain` inherits, with the flags they carry there. A
 * protected node still reports what its parent offers, so blocking can copy those entries.
 */
export function offeredEntries(chain: readonly SecuredNode[]): AccessControlEntry[] {
  assertChain(chain);
  const lastIndex = chain.length - 1;
  return inheritedFromParent(chain, lastIndex).map(({ entry }) => entry);
}

function chainAcl(chain: readonly SecuredNode[], index: number, last: boolean): ChainEntry[] {
  const node = chain[index]!;
  const explicit = node.security.entries.map((entry, aceIndex) => ({
    entry,
    inherited: false,
    source: { chainIndex: index, aceIndex },
  }));
  const denies = explicit.filter(({ entry }) => entry.type === 'deny');
  const allows = explicit.filter(({ entry }) => entry.type === 'allow');
  const inherited = node.security.protected ? [] : inheritedFromParent(chain, index);
  // Ancestors pass on only the entries their children can inherit, but the checked node needs all.
  const own = last ? [...denies, ...allows] : [...denies, ...allows].filter(isInheritable);
  return [...own, ...inherited.filter((item) => last || isInheritable(item))];
}

function inheritedFromParent(chain: readonly SecuredNode[], index: number): ChainEntry[] {
  const kind = chain[index]!.kind;
  const offered: ChainEntry[] =
    index === 0
      ? shareRoleEntries().map((entry) => ({
          entry,
          inherited: true,
          source: { role: entry.principal.role },
        }))
      : chainAcl(chain, index - 1, false);
  const received: ChainEntry[] = [];
  for (const item of offered) {
    const flags = inheritedFlags(item.entry.inheritance, kind);
    if (flags === null) continue;
    received.push({ ...item, inherited: true, entry: { ...item.entry, inheritance: flags } });
  }
  return received;
}

function isInheritable({ entry }: ChainEntry): boolean {
  return hasFlag(entry.inheritance, Inherit.OBJECT | Inherit.CONTAINER);
}

/** Throws INVALID_ARGUMENT unless `chain` starts at a root and only folders have children. */
export function assertChain(chain: readonly SecuredNode[]): void {
  if (chain.length === 0) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      'the chain of nodes is empty: pass the nodes from the share root down to the checked node',
    );
  }
  const fileIndex = chain.findIndex(
    (node, index) => index < chain.length - 1 && node.kind !== 'folder',
  );
  if (fileIndex >= 0) {
    const nodeId = chain[fileIndex]!.id;
    const message = `node ${nodeId} is a file but is followed by a child in the chain`;
    throw new DomainError('INVALID_ARGUMENT', `${message}, and only folders have children`, {
      nodeId,
    });
  }
}
