import { describeFailure, runCommand } from './run-command.js';

/** Compares two files byte by byte with `cmp -s` and returns true when they are identical. */
export async function filesIdentical(left: string, right: string): Promise<boolean> {
  const result = await runCommand('cmp', ['-s', left, right], { timeoutMs: 5 * 60_000 });
  if (result.exitCode === 0) return true;
  if (result.exitCode === 1) return false;
  throw new Error(describeFailure(`cmp ${left} ${right}`, result));
}
