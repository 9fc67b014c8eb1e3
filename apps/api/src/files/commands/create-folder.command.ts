import { Command } from '@nestjs/cqrs';
import { type Principal } from '../../auth/principal.js';
import { type NodeCommandResult } from './node-command-result.js';

export class CreateFolderCommand extends Command<NodeCommandResult> {
  constructor(
    readonly principal: Principal,
    readonly parentId: string,
    readonly name: string,
  ) {
    super();
  }
}
