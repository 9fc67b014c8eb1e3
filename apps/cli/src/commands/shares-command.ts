import { type Command, Option } from 'commander';
import { ApiClient } from '../api/api-client.js';

interface SharesCommandOptions {
  readonly server: string;
  readonly token: string;
  readonly json: boolean;
}

/** Adds `scaidrive shares`, which lists the shares that `sync --share` accepts. */
export function registerSharesCommand(program: Command): void {
  program
    .command('shares')
    .description('list the shares you are a member of: name, your role and share id')
    .addOption(
      new Option('--server <url>', 'server URL').env('SCAIDRIVE_SERVER').makeOptionMandatory(),
    )
    .addOption(
      new Option('--token <token>', 'bearer token').env('SCAIDRIVE_TOKEN').makeOptionMandatory(),
    )
    .option('--json', 'print the shares as JSON', false)
    .action((options: SharesCommandOptions) => listShares(options));
}

async function listShares(options: SharesCommandOptions): Promise<void> {
  const shares = await new ApiClient(options.server, options.token).listShares();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(shares)}\n`);
    return;
  }
  if (shares.length === 0) {
    process.stdout.write('you are a member of no share\n');
    return;
  }
  const width = Math.max(...shares.map((share) => share.name.length));
  for (const share of shares) {
    process.stdout.write(
      `${share.name.padEnd(width)}  ${share.role.padEnd(11)}  ${share.shareId}\n`,
    );
  }
}
