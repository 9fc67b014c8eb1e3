import { Command } from '@nestjs/cqrs';
import { type Principal } from '../../auth/principal.js';
import { type CommitFileVersionResult } from './commit-file-version.command.js';

/** Makes an old version of a file its new head, as a new version with the old content. */
export class RestoreVersionCommand extends Command<CommitFileVersionResult> {
  constructor(
    readonly principal: Principal,
    readonly nodeId: string,
    readonly versionId: string,
  ) {
    super();
  }
}
