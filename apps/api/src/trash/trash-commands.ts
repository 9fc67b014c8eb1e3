import { Command } from '@nestjs/cqrs';
import { type Principal } from '../auth/principal.js';
import { type NodeCommandResult } from '../files/commands/node-command-result.js';

/** Restores a trash item, or purges it for good when purge is set. */
export class TrashItemCommand extends Command<NodeCommandResult> {
  constructor(
    readonly principal: Principal,
    readonly nodeId: string,
    readonly action: 'restore' | 'purge',
  ) {
    super();
  }
}
