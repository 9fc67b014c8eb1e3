/** Who caused an event: a signed-in user, an external link, a connector or the server itself. */
export interface Actor {
  readonly type: 'user' | 'link' | 'connector' | 'system';
  readonly id: string;
}

/** Metadata every event carries, whatever its stream. */
export interface EventMetadata {
  readonly tenantId: string;
  readonly actor: Actor;
  /** Id shared by all events caused by one request. */
  readonly correlationId: string;
  /** Id of the request or event that directly caused this one. */
  readonly causationId: string;
  /** ISO 8601 time at which the command was decided. */
  readonly occurredAt: string;
  readonly schemaVersion: number;
}
