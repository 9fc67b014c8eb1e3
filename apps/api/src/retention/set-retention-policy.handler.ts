import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type LogPosition } from '@scaidrive/event-store';
import { DriveAccess } from '../files/drive-access.js';
import { TreeCommandExecutor } from '../files/tree-command-executor.js';
import { requireDriveOwner } from './drive-owner.js';
import { SetRetentionPolicyCommand } from './set-retention-policy.command.js';

@CommandHandler(SetRetentionPolicyCommand)
export class SetRetentionPolicyHandler implements ICommandHandler<SetRetentionPolicyCommand> {
  constructor(
    private readonly access: DriveAccess,
    private readonly executor: TreeCommandExecutor,
  ) {}

  async execute(command: SetRetentionPolicyCommand): Promise<{ position: LogPosition | null }> {
    await requireDriveOwner(this.access, command.principal, command.driveId);
    const result = await this.executor.execute(command.principal, command.driveId, {
      type: 'SetRetentionPolicy',
      policy: command.policy,
    });
    return { position: result.position };
  }
}
