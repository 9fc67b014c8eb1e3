import { Command } from '@nestjs/cqrs';
import { type Principal } from '../../auth/principal.js';
import { type NodeCommandResult } from './node-command-result.js';

export class DeleteNodeCommand extends Command<NodeCommandResult> {
  constructor(
    readonly principal: Principal,
    readonly nodeId: string,
  ) {
    super();
  }
}
