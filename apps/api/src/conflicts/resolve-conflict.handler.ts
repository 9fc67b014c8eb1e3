import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DriveAccess } from '../files/drive-access.js';
import { TreeCommandExecutor } from '../files/tree-command-executor.js';
import { ConflictQueries } from './conflict-queries.js';
import { ResolveConflictCommand } from './resolve-conflict.command.js';

@CommandHandler(ResolveConflictCommand)
export class ResolveConflictHandler implements ICommandHandler<ResolveConflictCommand> {
  constructor(
    private readonly conflicts: ConflictQueries,
    private readonly executor: TreeCommandExecutor,
    private readonly access: DriveAccess,
  ) {}

  async execute(command: ResolveConflictCommand) {
    const conflict = await this.conflicts.get(command.principal, command.conflictId);
    // Resolving writes the file's content, so it takes the same right as a commit.
    await this.access.requireNode(command.principal, conflict.nodeId, {
      right: 'WRITE',
      includeDeleted: true,
    });
    const result = await this.executor.execute(command.principal, conflict.treeId, {
      type: 'ResolveConflict',
      conflictId: conflict.id,
      decision: command.decision,
    });
    return { position: result.position };
  }
}
