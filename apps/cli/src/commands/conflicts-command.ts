import { type Command, Option } from 'commander';
import { ApiError } from '../api/api-error.js';

interface ServerOptions {
  readonly server: string;
  readonly token: string;
}

interface ListOptions extends ServerOptions {
  readonly status: string;
  readonly json: boolean;
}

interface ResolveOptions extends ServerOptions {
  readonly keep: 'head' | 'incoming' | 'both';
}

const DECISIONS = { head: 'KEEP_HEAD', incoming: 'TAKE_INCOMING', both: 'KEEP_BOTH' } as const;

function withServer(command: Command): Command {
  return command
    .addOption(
      new Option('--server <url>', 'server URL').env('SCAIDRIVE_SERVER').makeOptionMandatory(),
    )
    .addOption(
      new Option('--token <token>', 'bearer token').env('SCAIDRIVE_TOKEN').makeOptionMandatory(),
    );
}

/** Adds `scaidrive conflicts list` and `scaidrive conflicts resolve`. */
export function registerConflictsCommand(program: Command): void {
  const conflicts = program.command('conflicts').description('list and resolve sync conflicts');
  withServer(
    conflicts
      .command('list')
      .description('list conflicts of your drive, newest first')
      .option('--status <status>', 'open, resolved or all', 'open')
      .option('--json', 'print the conflicts as JSON', false),
  ).action((options: ListOptions) => list(options));
  withServer(
    conflicts
      .command('resolve')
      .description('resolve an open conflict')
      .argument('<conflict-id>', 'id shown by "conflicts list"')
      .addOption(
        new Option('--keep <which>', 'content to keep')
          .choices(['head', 'incoming', 'both'])
          .makeOptionMandatory(),
      ),
  ).action((id: string, options: ResolveOptions) => resolveConflict(id, options));
}

async function call(options: ServerOptions, method: string, path: string, body?: unknown) {
  const url = new URL(`/api/v1${path}`, options.server);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    throw new ApiError(
      `${method} ${url.href} failed: ${(error as Error).message}`,
      0,
      undefined,
      undefined,
    );
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const detail = typeof answer.detail === 'string' ? answer.detail : response.statusText;
    const code = typeof answer.code === 'string' ? answer.code : undefined;
    throw new ApiError(
      `${method} ${url.pathname} failed: ${detail}`,
      response.status,
      code,
      detail,
      answer,
    );
  }
  return answer;
}

interface ConflictView {
  readonly id: string;
  readonly path: string | null;
  readonly status: string;
  readonly strategy: string;
  readonly resolution: string | null;
  readonly createdAt: string;
}

async function list(options: ListOptions): Promise<void> {
  const answer = await call(
    options,
    'GET',
    `/conflicts?status=${encodeURIComponent(options.status)}`,
  );
  const items = answer.items as ConflictView[];
  if (options.json) {
    process.stdout.write(`${JSON.stringify(items)}\n`);
    return;
  }
  if (items.length === 0) process.stdout.write(`no ${options.status} conflicts\n`);
  for (const item of items) {
    const outcome = item.resolution ?? 'waiting for a decision';
    process.stdout.write(
      `${item.id}  ${item.createdAt}  ${item.strategy}  ${outcome}  ${item.path ?? '(deleted)'}\n`,
    );
  }
}

async function resolveConflict(id: string, options: ResolveOptions): Promise<void> {
  const answer = await call(options, 'POST', `/conflicts/${encodeURIComponent(id)}/resolve`, {
    decision: DECISIONS[options.keep],
  });
  process.stdout.write(`conflict ${id}: ${String(answer.resolution)}\n`);
}
