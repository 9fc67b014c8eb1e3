import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanLocalTree } from './local-scanner.js';

describe('scanLocalTree', () => {
  let root: string;
  let skipped: string[];
  let renamed: string[];
  const listener = {
    skipped: (path: string) => skipped.push(path),
    renamed: (from: string, to: string) => renamed.push(`${from} -> ${to}`),
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'scan-'));
    skipped = [];
    renamed = [];
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists files and folders with sizes', async () => {
    await mkdir(join(root, 'a/b'), { recursive: true });
    await writeFile(join(root, 'a/b/c.txt'), 'hello');
    await writeFile(join(root, 'empty'), '');
    const tree = await scanLocalTree(root, listener);
    expect([...tree.keys()].sort()).toEqual(['a', 'a/b', 'a/b/c.txt', 'empty']);
    expect(tree.get('a/b/c.txt')?.size).toBe(5);
    expect(tree.get('a')?.kind).toBe('folder');
    expect(tree.get('empty')?.kind).toBe('file');
  });

  it('skips the state folder at the top only', async () => {
    await mkdir(join(root, '.scaidrive'));
    await writeFile(join(root, '.scaidrive/state.json'), '{}');
    await mkdir(join(root, 'sub/.scaidrive'), { recursive: true });
    const tree = await scanLocalTree(root, listener);
    expect([...tree.keys()].sort()).toEqual(['sub', 'sub/.scaidrive']);
  });

  it('skips symbolic links and invalid names', async () => {
    await writeFile(join(root, 'target.txt'), 'x');
    await symlink('target.txt', join(root, 'link'));
    await writeFile(join(root, 'bad:name'), 'x');
    await writeFile(join(root, 'trailing.'), 'x');
    await writeFile(join(root, 'CON.txt'), 'x');
    const tree = await scanLocalTree(root, listener);
    expect([...tree.keys()]).toEqual(['target.txt']);
    expect(skipped.sort()).toEqual(['CON.txt', 'bad:name', 'link', 'trailing.']);
  });

  it('skips a name differing only in case', async () => {
    await writeFile(join(root, 'Readme.md'), 'a');
    await writeFile(join(root, 'README.md'), 'b');
    const tree = await scanLocalTree(root, listener);
    expect([...tree.keys()]).toEqual(['README.md']);
    expect(skipped).toEqual(['Readme.md']);
  });

  it('renames an NFD name to NFC', async () => {
    const nfd = 'Gru\u0308n.txt';
    await writeFile(join(root, nfd), 'x');
    const tree = await scanLocalTree(root, listener);
    expect([...tree.keys()]).toEqual(['Grün.txt']);
    expect(await readdir(root)).toEqual(['Grün.txt']);
    expect(renamed).toHaveLength(1);
  });

  it('keeps the NFC twin of an NFD name', async () => {
    await writeFile(join(root, 'Gru\u0308n.txt'), 'nfd');
    await writeFile(join(root, 'Grün.txt'), 'nfc');
    const tree = await scanLocalTree(root, listener);
    expect([...tree.keys()]).toEqual(['Grün.txt']);
    expect(skipped).toEqual(['Gru\u0308n.txt']);
    expect((await readdir(root)).sort()).toHaveLength(2);
  });
});
