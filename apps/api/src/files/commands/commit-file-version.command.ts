import { Command } from '@nestjs/cqrs';
import { type LogPosition } from '@scaidrive/event-store';
import { type Principal } from '../../auth/principal.js';
import { CommitVersionDto } from '../dto/commit-version.dto.js';

export interface CommitFileVersionResult {
  /** The file that holds the committed content: the target, or a conflict copy beside it. */
  readonly nodeId: string;
  readonly versionId: string | null;
  readonly position: LogPosition | null;
  readonly conflict: { readonly originalNodeId: string; readonly copyNodeId: string } | null;
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
