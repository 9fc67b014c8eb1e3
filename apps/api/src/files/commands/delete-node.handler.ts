import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DriveAccess } from '../drive-access.js';
import { TreeCommandExecutor } from '../tree-command-executor.js';
import { DeleteNodeCommand } from './delete-node.command.js';
import { type NodeCommandResult } from './node-command-result.js';

@CommandHandler(DeleteNodeCommand)
export class DeleteNodeHandler implements ICommandHandler<DeleteNodeCommand> {
  constructor(
    private readonly access: DriveAccess,
    private readonly executor: TreeCommandExecutor,
  ) {}

  async execute(command: DeleteNodeCommand): Promise<NodeCommandResult> {
    const node = await this.access.requireNode(command.principal, command.nodeId, {
      right: 'DELETE',
    });
    const result = await this.executor.execute(command.principal, node.tree_id, {
      type: 'DeleteNode',
      nodeId: node.id,
    });
    return { nodeId: node.id, position: result.position };
  }
}
