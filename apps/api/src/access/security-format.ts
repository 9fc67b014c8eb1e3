import {
  type AccessControlEntry,
  type AppliedEntry,
  DomainError,
  Inherit,
  type NodeSecurity,
  type OwnerPrincipal,
  type Principal,
  Right,
  RIGHT_NAMES,
  type RightName,
  rightNames,
  SHARE_ROLES,
} from '@scaidrive/domain';

/** Most entries a node may carry, copied inherited ones included. */
export const MAX_ENTRIES = 1024;

/** Inheritance flags by the names the API uses. */
const FLAG_NAMES = ['OBJECT', 'CONTAINER', 'NO_PROPAGATE', 'INHERIT_ONLY'] as const;
type FlagName = (typeof FLAG_NAMES)[number];

/** An entry as the API reads and writes it: rights and flags by name rather than as bit masks. */
export interface EntryBody {
  readonly principal: Principal;
  readonly type: 'allow' | 'deny';
  readonly rights: RightName[];
  readonly inheritance: FlagName[];
}

function invalid(message: string, field: string): never {
  throw new DomainError('INVALID_ARGUMENT', message, { field });
}

function parsePrincipal(raw: unknown, field: string): Principal {
  const value = raw as Record<string, unknown> | null;
  if (typeof value !== 'object' || value === null) invalid(`${field} must be an object`, field);
  if (value.kind === 'role') {
    if (!SHARE_ROLES.includes(value.role as never)) {
      invalid(`${field}.role must be one of ${SHARE_ROLES.join(', ')}`, field);
    }
    return { kind: 'role', role: value.role as (typeof SHARE_ROLES)[number] };
  }
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if ((value.kind !== 'user' && value.kind !== 'group') || typeof value.id !== 'string') {
    invalid(`${field} must be {kind: user|group, id} or {kind: role, role}`, field);
  }
  if (!uuid.test(value.id)) invalid(`${field}.id must be a user or group id`, field);
  return { kind: value.kind, id: value.id };
}

export function parseOwner(raw: unknown): OwnerPrincipal {
  const owner = parsePrincipal(raw, 'owner');
  if (owner.kind === 'role') invalid('owner must be a user or a group', 'owner');
  return owner;
}

/** Reads entries from a request body; the domain then checks them against the node's kind. */
export function parseEntries(raw: unknown): AccessControlEntry[] {
  if (!Array.isArray(raw)) invalid('entries must be an array', 'entries');
  if (raw.length > MAX_ENTRIES) invalid(`a node takes at most ${MAX_ENTRIES} entries`, 'entries');
  return raw.map((item: unknown, index) => {
    const field = `entries[${index}]`;
    const entry = item as Record<string, unknown> | null;
    if (typeof entry !== 'object' || entry === null) invalid(`${field} must be an object`, field);
    if (entry.type !== 'allow' && entry.type !== 'deny') {
      invalid(`${field}.type must be allow or deny`, field);
    }
    const rights = namesOf(entry.rights, RIGHT_NAMES, `${field}.rights`);
    const flags = namesOf(entry.inheritance ?? [], FLAG_NAMES, `${field}.inheritance`);
    return {
      principal: parsePrincipal(entry.principal, `${field}.principal`),
      type: entry.type,
      rights: rights.reduce((mask, name) => mask | Right[name as RightName], 0),
      inheritance: flags.reduce((mask, name) => mask | Inherit[name as FlagName], 0),
    };
  });
}

function namesOf(raw: unknown, known: readonly string[], field: string): string[] {
  if (!Array.isArray(raw)) invalid(`${field} must be a list of names`, field);
  const unknown = raw.filter((name) => !known.includes(name as string));
  if (unknown.length > 0) {
    const shown = unknown.map((name) => JSON.stringify(name)).join(', ');
    invalid(`${field} has unknown names ${shown}; use names from ${known.join(', ')}`, field);
  }
  return raw as string[];
}

export function formatEntry(entry: AccessControlEntry): EntryBody {
  return {
    principal: entry.principal,
    type: entry.type,
    rights: rightNames(entry.rights),
    inheritance: FLAG_NAMES.filter((name) => (entry.inheritance & Inherit[name]) !== 0),
  };
}

export function formatApplied(entry: AppliedEntry) {
  return { ...formatEntry(entry), inherited: entry.inherited, origin: entry.origin };
}

export function formatSecurity(security: NodeSecurity) {
  return {
    owner: security.owner,
    protected: security.protected,
    entries: security.entries.map(formatEntry),
  };
}
