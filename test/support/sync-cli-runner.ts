import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'scaidrive.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Throws unless the CLI was built, because the tests run it from dist/ like a user would. */
export async function requireBuiltCli(): Promise<void> {
  try {
    await access(join(ROOT, 'dist/apps/cli/src/main.js'));
  } catch {
    throw new Error('dist/apps/cli/src/main.js is missing: run "npm run build" first');
  }
}

/** Runs `node bin/scaidrive.js ...args` and collects its exit code and output, failing or not. */
export async function runCliProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

/** Parses the JSON summary that `scaidrive sync --json` prints as its last line. */
export function lastJsonLine(stdout: string): Record<string, number> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, number>;
}

/**
 * Describes a folder as a map from relative path to `folder` or the file's SHA-256, sorted by
 * path, leaving out the `.scaidrive` state folder.
 */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  const pending = [''];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    for (const name of await readdir(join(root, folder))) {
      if (folder === '' && name === '.scaidrive') continue;
      const path = folder === '' ? name : `${folder}/${name}`;
      const stats = await lstat(join(root, path));
      if (stats.isDirectory()) {
        snapshot[path] = 'folder';
        pending.push(path);
      } else {
        const content = await readFile(join(root, path));
        snapshot[path] = createHash('sha256').update(content).digest('hex');
      }
    }
  }
  return Object.fromEntries(Object.entries(snapshot).sort(([a], [b]) => (a < b ? -1 : 1)));
}
