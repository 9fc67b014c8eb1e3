import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRelevant, LocalWatcher } from './local-watcher.js';

/** Waits up to two seconds for a condition, checking every 10 ms. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await sleep(10);
  }
}

describe('isRelevant', () => {
  it('drops the state folder and ignored names', () => {
    expect(isRelevant('.scaidrive')).toBe(false);
    expect(isRelevant('.scaidrive/state.json')).toBe(false);
    expect(isRelevant('docs/.a.txt.swp')).toBe(false);
    expect(isRelevant('docs/a.txt')).toBe(true);
    expect(isRelevant('sub/.scaidrive/state.json')).toBe(true);
  });
});

describe('LocalWatcher', () => {
  let root: string;
  let changes: (string | null)[];
  let errors: Error[];
  let watcher: LocalWatcher;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'watch-'));
    await mkdir(join(root, '.scaidrive'));
    changes = [];
    errors = [];
    watcher = new LocalWatcher(
      root,
      (path) => changes.push(path),
      (error) => errors.push(error),
    );
    watcher.start();
  });

  afterEach(async () => {
    watcher.close();
    await rm(root, { recursive: true, force: true });
  });

  it('reports files in new subfolders', async () => {
    await mkdir(join(root, 'a/b'), { recursive: true });
    await sleep(50);
    await writeFile(join(root, 'a/b/c.txt'), 'x');
    await until(() => changes.includes('a/b/c.txt'));
    expect(errors).toEqual([]);
  });

  it('reports renames', async () => {
    await writeFile(join(root, 'old.txt'), 'x');
    await until(() => changes.includes('old.txt'));
    await rename(join(root, 'old.txt'), join(root, 'new.txt'));
    await until(() => changes.includes('new.txt'));
  });

  it('drops events of the state folder and temporary files', async () => {
    await writeFile(join(root, '.scaidrive/state.json'), '{}');
    await writeFile(join(root, '.notes.txt.swp'), 'swap');
    await writeFile(join(root, 'marker.txt'), 'x');
    await until(() => changes.includes('marker.txt'));
    expect(changes.filter((path) => path !== 'marker.txt')).toEqual([]);
  });

  it('stops reporting after close', async () => {
    watcher.close();
    await writeFile(join(root, 'late.txt'), 'x');
    await sleep(100);
    expect(changes).toEqual([]);
    expect(watcher.active).toBe(false);
  });
});
