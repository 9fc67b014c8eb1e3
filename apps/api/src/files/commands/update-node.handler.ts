import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@scaidrive/domain';
import { DriveAccess } from '../drive-access.js';
import { TreeCommandExecutor } from '../tree-command-executor.js';
import { type NodeCommandResult } from './node-command-result.js';
import { UpdateNodeCommand } from './update-node.command.js';

@CommandHandler(UpdateNodeCommand)
export class UpdateNodeHandler implements ICommandHandler<UpdateNodeCommand> {
  constructor(
    private readonly access: DriveAccess,
    private readonly executor: TreeCommandExecutor,
  ) {}

  async execute(command: UpdateNodeCommand): Promise<NodeCommandResult> {
    const { principal, nodeId, name, parentId } = command;
    if (name === undefined && parentId === undefined) {
      throw new DomainError('INVALID_ARGUMENT', 'give a new name, a new parentId, or both');
    }
    const node = await this.access.requireNode(principal, nodeId, { right: 'DELETE' });
    if (parentId !== undefined) {
      const target = await this.access.requireNode(principal, parentId, { right: 'CREATE' });
      if (target.tree_id !== node.tree_id) {
        throw new DomainError('INVALID_ARGUMENT', 'moving between drives is not supported');
      }
    }
    const treeCommand =
      parentId === undefined
        ? ({ type: 'RenameNode', nodeId, name: name! } as const)
        : ({ type: 'MoveNode', nodeId, parentId, name } as const);
    const result = await this.executor.execute(principal, node.tree_id, treeCommand);
    return { nodeId, position: result.position };
  }
}
