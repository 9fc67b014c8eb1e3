import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DriveAccess } from '../files/drive-access.js';
import { TreeCommandExecutor } from '../files/tree-command-executor.js';
import { type NodeCommandResult } from '../files/commands/node-command-result.js';
import { TrashItemCommand } from './trash-commands.js';

@CommandHandler(TrashItemCommand)
export class TrashItemHandler implements ICommandHandler<TrashItemCommand> {
  constructor(
    private readonly access: DriveAccess,
    private readonly executor: TreeCommandExecutor,
  ) {}

  async execute(command: TrashItemCommand): Promise<NodeCommandResult> {
    const node = await this.access.requireNode(command.principal, command.nodeId, {
      right: 'DELETE',
      includeDeleted: true,
    });
    const type = command.action === 'restore' ? 'RestoreNode' : 'PurgeNode';
    const result = await this.executor.execute(command.principal, node.tree_id, {
      type,
      nodeId: node.id,
    });
    return { nodeId: node.id, position: result.position };
  }
}
