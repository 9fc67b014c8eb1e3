import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type Actor,
  decideTree,
  DomainError,
  type DriveEvent,
  type TreeCommand,
  TreeState,
  treeStreamId,
} from '@scaidrive/domain';
import {
  EVENT_STORE,
  type EventStore,
  type LogPosition,
  WrongExpectedVersionError,
} from '@scaidrive/event-store';
import { type Principal } from '../auth/principal.js';
import { metadataFor, toEventData } from '../common/event-envelope.js';
import { TreeRepository } from './tree-repository.js';
import { randomUUID } from 'node:crypto';

const MAX_ATTEMPTS = 5;

export interface TreeCommandResult {
  readonly events: readonly DriveEvent[];
  /** Position of the last appended event; null when the command changed nothing. */
  readonly position: LogPosition | null;
  /** State after the command, for answers that need it right away. */
  readonly state: TreeState;
}

/** Who issues a tree command: its tenant, the actor the events record, and a display name. */
export interface CommandIssuer {
  readonly tenantId: string;
  readonly actor: Actor;
  /** Name that decisions write into conflict copies. */
  readonly actorName: string;
}

/**
 * Runs a command against a drive's tree: load, decide, append with the expected revision. A
 * concurrent append by another process is retried with fresh state a bounded number of times.
 */
@Injectable()
export class TreeCommandExecutor {
  private readonly logger = new Logger(TreeCommandExecutor.name);

  constructor(
    private readonly trees: TreeRepository,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  execute(principal: Principal, treeId: string, command: TreeCommand): Promise<TreeCommandResult> {
    const actor: Actor = principal.actor ?? { type: 'user', id: principal.userId };
    return this.executeAs(
      { tenantId: principal.tenantId, actor, actorName: principal.name },
      treeId,
      command,
    );
  }

  /** Runs a command on behalf of any actor, such as the server's own background jobs. */
  async executeAs(
    issuer: CommandIssuer,
    treeId: string,
    command: TreeCommand,
  ): Promise<TreeCommandResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.trees.withTree(treeId, async (state, revision, commit) => {
          const now = new Date();
          const context = { now, newId: randomUUID, actorName: issuer.actorName };
          const events = decideTree(state, command, context);
          if (events.length === 0) return { events, position: null, state };
          const metadata = metadataFor(issuer.tenantId, issuer.actor, now);
          const expected = revision < 0n ? 'no_stream' : revision;
          const result = await this.eventStore.append(
            treeStreamId(treeId),
            toEventData(events, metadata),
            expected,
          );
          commit(events, result.nextRevision, metadata.occurredAt);
          return { events, position: result.position, state };
        });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        this.logger.warn({ msg: 'append conflict; retrying', stream: error.streamId, attempt });
        if (attempt >= MAX_ATTEMPTS) {
          throw new DomainError(
            'CONCURRENCY_CONFLICT',
            'the drive changed concurrently too often; retry the request',
            { treeId },
          );
        }
      }
    }
  }
}
