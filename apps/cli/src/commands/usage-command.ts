import { type Command, Option } from 'commander';
import { ApiClient } from '../api/api-client.js';

interface UsageCommandOptions {
  readonly server: string;
  readonly token: string;
  readonly json: boolean;
}

/**
 * Adds `scaidrive usage check`, which reports drift between the tenant's usage counters and its
 * kept versions, and exits with status 1 when there is any.
 */
export function registerUsageCommand(program: Command): void {
  const usage = program.command('usage').description("check the tenant's storage usage");
  usage
    .command('check')
    .description('reconcile usage counters with the kept versions (tenant administrators)')
    .addOption(
      new Option('--server <url>', 'server URL').env('SCAIDRIVE_SERVER').makeOptionMandatory(),
    )
    .addOption(
      new Option('--token <token>', 'bearer token').env('SCAIDRIVE_TOKEN').makeOptionMandatory(),
    )
    .option('--json', 'print the result as JSON', false)
    .action((options: UsageCommandOptions) => checkUsage(options));
}

async function checkUsage(options: UsageCommandOptions): Promise<void> {
  const check = await new ApiClient(options.server, options.token).checkUsage();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(check)}\n`);
  } else if (check.consistent) {
    process.stdout.write('usage counters match the kept versions\n');
  } else {
    for (const drift of check.drift) {
      process.stdout.write(
        `${drift.scope}: counted ${drift.countedBytes} bytes, kept versions have ${drift.storedBytes}\n`,
      );
    }
    process.stdout.write(
      `${check.uncountedVersions} kept versions uncounted, ` +
        `${check.unknownVersions} counted versions no longer kept\n`,
    );
  }
  if (!check.consistent) process.exitCode = 1;
}
