import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** Runs the compiled `scaidrive` command and returns its standard output. */
export async function runCli(args: readonly string[], env: Record<string, string> = {}) {
  const { stdout, stderr } = await run(
    process.execPath,
    [join(ROOT, 'bin/scaidrive.js'), ...args],
    {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { stdout, stderr };
}
