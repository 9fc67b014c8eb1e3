import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { type Command, Option } from 'commander';
import { type LoggedEvent, TreeReplay } from '@scaidrive/domain';
import { ApiError } from '../api/api-error.js';

interface ServerOptions {
  readonly server?: string;
  readonly token?: string;
}

interface ExportOptions extends ServerOptions {
  readonly output: string;
  readonly from?: string;
}

interface ReplayOptions extends ServerOptions {
  readonly at: string;
  readonly input?: string;
  readonly json: boolean;
}

function serverOptions(command: Command): Command {
  return command
    .addOption(new Option('--server <url>', 'server URL').env('SCAIDRIVE_SERVER'))
    .addOption(
      new Option('--token <token>', 'token of a tenant-admin or auditor').env('SCAIDRIVE_TOKEN'),
    );
}

/** Adds `scaidrive audit export` and `scaidrive audit replay`. */
export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description("read and replay the tenant's event log");
  serverOptions(
    audit
      .command('export')
      .description('write the tenant’s events as NDJSON, one event a line')
      .requiredOption('--output <file>', 'file to write; - for stdout')
      .option('--from <position>', 'exclusive start position, such as 42/42'),
  ).action((options: ExportOptions) => exportLog(options));
  serverOptions(
    audit
      .command('replay')
      .description('rebuild folders, files and versions as of a time from the log alone')
      .requiredOption('--at <time>', 'ISO 8601 instant, such as 2026-12-04T15:00:00Z')
      .option('--input <file>', 'an export written by "audit export" instead of the server')
      .option('--json', 'print the drives as JSON', false),
  ).action((options: ReplayOptions) => replay(options));
}

async function* fetchLog(options: ServerOptions & { from?: string }): AsyncGenerator<string> {
  if (!options.server || !options.token) {
    throw new Error('give --server and --token (or SCAIDRIVE_SERVER and SCAIDRIVE_TOKEN)');
  }
  const url = new URL('/api/v1/audit/events', options.server);
  if (options.from) url.searchParams.set('from', options.from);
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${options.token}` } });
  } catch (error) {
    throw new ApiError(
      `GET ${url.href} failed: ${(error as Error).message}`,
      0,
      undefined,
      undefined,
    );
  }
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string; code?: string };
    const detail = problem.detail ?? response.statusText;
    throw new ApiError(
      `GET ${url.pathname} failed: ${detail}`,
      response.status,
      problem.code,
      detail,
      problem,
    );
  }
  let buffered = '';
  const decoder = new TextDecoder();
  for await (const piece of response.body) {
    buffered += decoder.decode(piece, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
    }
  }
  if (buffered.trim() !== '') yield buffered;
}

async function* readLines(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim() !== '') yield line;
}

async function exportLog(options: ExportOptions): Promise<void> {
  const output = options.output === '-' ? process.stdout : createWriteStream(options.output);
  let count = 0;
  for await (const line of fetchLog(options)) {
    if (!output.write(`${line}\n`)) await once(output, 'drain');
    count++;
  }
  if (output !== process.stdout) {
    output.end();
    await once(output, 'finish');
  }
  process.stderr.write(`exported ${count} events\n`);
}

async function replay(options: ReplayOptions): Promise<void> {
  const at = Date.parse(options.at);
  if (Number.isNaN(at)) throw new Error(`--at must be an ISO 8601 time, got ${options.at}`);
  const lines = options.input ? readLines(options.input) : fetchLog(options);
  const drives = new TreeReplay();
  for await (const line of lines) {
    const record = JSON.parse(line) as LoggedEvent;
    // The log is in commit order, so the first event recorded after the instant ends the replay.
    if (Date.parse(record.time) > at) break;
    drives.apply(record);
  }
  const result = drives.drives();
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ at: new Date(at).toISOString(), drives: result })}\n`);
    return;
  }
  for (const drive of result) {
    process.stdout.write(`drive ${drive.treeId} of user ${drive.ownerId}\n`);
    for (const node of drive.nodes) {
      const head = node.versions[node.versions.length - 1];
      const detail = head ? `  v${head.number}  ${head.size} bytes  ${head.sha256}` : '';
      process.stdout.write(`  ${node.kind === 'folder' ? 'd' : 'f'} ${node.path}${detail}\n`);
    }
  }
}
