import { signDevToken } from '@scaidrive/auth';
import { type Command, Option } from 'commander';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { integerOption } from './parse-integer.js';

interface TokenOptions {
  readonly user: string;
  readonly tenant: string;
  readonly ttl?: number;
  readonly dataDir: string;
  readonly role: string[];
  readonly partner?: string;
}

/** Adds `scaidrive token`, which signs a token with the embedded server's development issuer. */
export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description("print a token of the embedded server's development issuer on stdout")
    .requiredOption('--user <name>', 'user name (the token subject)')
    .option('--tenant <name>', 'tenant of the user', 'default')
    .option(
      '--role <role>',
      'role claim such as tenant-admin or auditor; repeat for several',
      (role: string, roles: string[]) => [...roles, role],
      [] as string[],
    )
    .option('--partner <name>', 'partner claim, for partner administrators')
    .option('--ttl <seconds>', 'lifetime in seconds (default 30 days)', integerOption(1, 2 ** 31))
    .addOption(
      new Option('--data-dir <path>', "the server's data folder")
        .env('SCAIDRIVE_DATA_DIR')
        .default('./data'),
    )
    .action((options: TokenOptions) => printToken(options));
}

async function printToken(options: TokenOptions): Promise<void> {
  const dataDir = resolve(options.dataDir);
  const existing = await stat(dataDir).catch(() => null);
  if (existing && !existing.isDirectory()) throw new Error(`${dataDir} is not a folder`);
  const token = await signDevToken({
    dataDir,
    user: options.user,
    tenant: options.tenant,
    ttlSeconds: options.ttl,
    roles: options.role,
    partner: options.partner,
  });
  if (!existing) {
    process.stderr.write(
      `warning: ${dataDir} did not exist, so a new signing key was created there. ` +
        'Only a server started with this data folder accepts the token.\n',
    );
  }
  process.stdout.write(`${token}\n`);
}
