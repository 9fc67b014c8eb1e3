import type { EventFilter } from './event-store.port.js';

/** Tests an event against a filter: every non-empty list in the filter must match. */
export function matchesEventFilter(
  filter: EventFilter | undefined,
  streamId: string,
  type: string,
): boolean {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  if (prefixes.length > 0 && !prefixes.some((prefix) => streamId.startsWith(prefix))) return false;
  if (types.length > 0 && !types.includes(type)) return false;
  return true;
}
