import { Command } from '@nestjs/cqrs';
import { type Principal } from '../../auth/principal.js';
import { type NodeCommandResult } from './node-command-result.js';

/** Renames a node, moves it, or both; a move keeps the name unless a new one is given. */
export class UpdateNodeCommand extends Command<NodeCommandResult> {
  constructor(
    readonly principal: Principal,
    readonly nodeId: string,
    readonly name: string | undefined,
    readonly parentId: string | undefined,
  ) {
    super();
  }
}
