import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DriveAccess } from '../drive-access.js';
import { TreeCommandExecutor } from '../tree-command-executor.js';
import { CreateFolderCommand } from './create-folder.command.js';
import { type NodeCommandResult } from './node-command-result.js';

@CommandHandler(CreateFolderCommand)
export class CreateFolderHandler implements ICommandHandler<CreateFolderCommand> {
  constructor(
    private readonly access: DriveAccess,
    private readonly executor: TreeCommandExecutor,
  ) {}

  async execute(command: CreateFolderCommand): Promise<NodeCommandResult> {
    const parent = await this.access.requireNode(command.principal, command.parentId, {
      right: 'CREATE',
    });
    const nodeId = randomUUID();
    const result = await this.executor.execute(command.principal, parent.tree_id, {
      type: 'CreateFolder',
      nodeId,
      parentId: command.parentId,
      name: command.name,
    });
    return { nodeId, position: result.position };
  }
}
