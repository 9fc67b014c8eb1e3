import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled output folder that contains this module, usually `dist/`. */
const buildRoot = fileURLToPath(new URL('../../', import.meta.url));

function findRepositoryRoot(start: string): string {
  let folder = start;
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json found above ${start}`);
    folder = parent;
  }
  return folder;
}

export const repositoryRoot = findRepositoryRoot(buildRoot);

/**
 * Entry points compiled in the same build as the benchmark, so a run never mixes versions.
 * `bin/scaidrive.js` imports the same CLI module from `dist/`.
 */
export const serverMain = join(buildRoot, 'apps/api/src/main.js');
export const cliMain = join(buildRoot, 'apps/cli/src/main.js');

/** Scratch space for generated files and data folders, ignored by git. */
export const workRoot = join(repositoryRoot, 'bench/.work');
export const resultsFile = join(workRoot, 'results.json');
