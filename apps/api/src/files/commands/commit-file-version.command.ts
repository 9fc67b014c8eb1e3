import { Command } from '@nestjs/cqrs';
import { type ConflictResolution, type ConflictStrategy } from '@scaidrive/domain';
import { type LogPosition } from '@scaidrive/event-store';
import { type Principal } from '../../auth/principal.js';
import { CommitVersionDto } from '../dto/commit-version.dto.js';

export interface CommitFileVersionResult {
  /** The file that holds the committed content: the target, or a conflict copy beside it. */
  readonly nodeId: string;
  readonly versionId: string | null;
  readonly position: LogPosition | null;
  readonly conflict: ConflictOutcome | null;
}

/** The conflict a commit ran into: settled by its strategy, or open for a person to resolve. */
export interface ConflictOutcome {
  readonly conflictId: string;
  readonly status: 'open' | 'resolved';
  readonly strategy: ConflictStrategy;
  readonly resolution: ConflictResolution | null;
  /** The file the commit was based on. */
  readonly originalNodeId: string;
  /** The file that received the incoming content when it was not the original. */
  readonly copyNodeId: string | null;
  readonly incomingVersionId: string;
}

/** Commits a version of an existing file (nodeId) or adds a file (parentId and name). */
export class CommitFileVersionCommand extends Command<CommitFileVersionResult> {
  constructor(
    readonly principal: Principal,
    readonly version: CommitVersionDto,
    readonly target:
      { readonly nodeId: string } | { readonly parentId: string; readonly name: string },
  ) {
    super();
  }
}
