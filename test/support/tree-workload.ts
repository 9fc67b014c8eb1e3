import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isWithin, joinPath, nameOf, parentOf } from '../../apps/cli/src/plan/relative-path.js';
import { listLocalTree, type LocalTreeListing as Tree } from './local-tree-listing.js';
import { seededRandom } from './random-workload.js';
import { seededBytes } from './seeded-bytes.js';
import { sha256Hex } from './synced-tree.js';

/** Kinds of operation on a local folder, with their weights in the random choice. */
const WEIGHTS = {
  createFile: 20,
  editFile: 22,
  renameFile: 9,
  moveFile: 9,
  createFolder: 8,
  renameFolder: 6,
  moveFolder: 5,
  deleteFile: 10,
  deleteFolder: 4,
  temporaryFile: 3,
} as const;

export type OperationKind = keyof typeof WEIGHTS;

export interface TreeWorkloadOptions {
  /** Local folders that sync with the same remote folder; each operation picks one. */
  readonly folders: readonly string[];
  readonly seed: number;
  /**
   * Returns whether content with this SHA-256 reached the server. Only such files are edited or
   * deleted, so that an edit that no client could have synced yet is never overwritten here.
   */
  readonly isSynced: (sha256: string) => boolean;
}

export interface WorkloadTally {
  /** Operations carried out, by kind. */
  readonly applied: Record<string, number>;
  /** Operations that failed on a race with a sync client, such as a file it just moved. */
  readonly failed: Record<string, number>;
  /** Operations replaced by a file creation because no item qualified. */
  replaced: number;
}

/** Content sizes in bytes: mostly small, some of several chunks (about 0.9 MiB on average). */
const SIZES = [
  { weight: 70, min: 0, max: 4096 },
  { weight: 20, min: 4096, max: 65_536 },
  { weight: 8, min: 65_536, max: 1024 * 1024 },
  { weight: 2, min: 1024 * 1024, max: 6 * 1024 * 1024 },
];

/** Maximum number of files in a folder the workload deletes, so that the tree does not collapse. */
const MAX_DELETED_FOLDER_FILES = 12;

/**
 * Creates, edits, renames, moves and deletes files and folders in local folders synced by
 * `scaidrive sync --watch`, chosen by a seeded random generator, and records the SHA-256 of
 * every content it writes into a file. Every written content is unique, so a content missing
 * from the final tree and from the server is an edit that the sync lost.
 */
export class TreeWorkload {
  /** SHA-256 of every content written into a file, with the path it was written to. */
  readonly written = new Map<string, string>();
  readonly tally: WorkloadTally = { applied: {}, failed: {}, replaced: 0 };
  /** Ignored temporary files it left behind, which must never reach the server. */
  readonly temporaryFiles: string[] = [];
  /** One line per change it made, with the operation number and folder index, for reports. */
  readonly history: string[] = [];
  private readonly random: () => number;
  private operations = 0;
  private names = 0;

  constructor(private readonly options: TreeWorkloadOptions) {
    this.random = seededRandom(options.seed);
  }

  get count(): number {
    return this.operations;
  }

  /** Runs `count` operations with short random pauses, stopping early at `deadline`. */
  async run(count: number, deadline: number): Promise<void> {
    for (let index = 0; index < count && Date.now() < deadline; index++) {
      await this.step();
      await sleep(this.pause());
    }
  }

  /** Runs one random operation on one random folder. */
  async step(): Promise<void> {
    this.operations += 1;
    const side = Math.floor(this.random() * this.options.folders.length);
    const root = this.options.folders[side];
    const tree = await listLocalTree(root);
    let kind = this.chooseKind(tree);
    try {
      const done = await this.apply(kind, root, tree, side);
      if (!done) {
        this.tally.replaced += 1;
        kind = 'createFile';
        await this.apply(kind, root, tree, side);
      }
      this.tally.applied[kind] = (this.tally.applied[kind] ?? 0) + 1;
    } catch (error) {
      if (!isRace(error)) throw error;
      this.tally.failed[kind] = (this.tally.failed[kind] ?? 0) + 1;
    }
  }

  /** Chooses an operation, shifting the weights to keep the tree at about 20 to 300 files. */
  private chooseKind(tree: Tree): OperationKind {
    const weights: Record<OperationKind, number> = { ...WEIGHTS };
    if (tree.files.length < 20) weights.createFile *= 4;
    if (tree.files.length > 300) {
      weights.deleteFile *= 3;
      weights.deleteFolder *= 3;
      weights.createFile /= 2;
    }
    return this.weighted(Object.entries(weights) as [OperationKind, number][]);
  }

  /** Carries out one operation; returns false when no file or folder qualifies for it. */
  private async apply(kind: OperationKind, root: string, tree: Tree, side: number) {
    switch (kind) {
      case 'createFile':
        return this.createFile(root, this.pick(['', ...tree.folders]), side);
      case 'editFile':
        return this.editFile(root, tree, side);
      case 'renameFile':
        return this.renameFile(root, tree);
      case 'moveFile':
        return this.moveFile(root, tree);
      case 'createFolder':
        return this.createFolder(root, tree, side);
      case 'renameFolder':
        return this.renameFolder(root, tree);
      case 'moveFolder':
        return this.moveFolder(root, tree);
      case 'deleteFile':
        return this.deleteFile(root, tree);
      case 'deleteFolder':
        return this.deleteFolder(root, tree);
      case 'temporaryFile':
        return this.temporaryFile(root, tree);
    }
  }

  private async createFile(root: string, folder: string, side: number): Promise<boolean> {
    const path = joinPath(folder, `${this.uniqueName(side)}${this.pick(['.txt', '.bin', ''])}`);
    await this.write(root, path, this.content(side));
    this.record(root, `created ${path}`);
    return true;
  }

  /** Overwrites, appends to, or saves like an editor (temporary file renamed over it) a file. */
  private async editFile(root: string, tree: Tree, side: number): Promise<boolean> {
    const path = await this.pickSyncedFile(root, tree.files);
    if (path === null) return false;
    const mode = this.random();
    if (mode < 0.6) {
      await this.write(root, path, this.content(side));
    } else if (mode < 0.8) {
      const old = await readFile(join(root, path));
      await this.write(root, path, Buffer.concat([old, this.content(side)]));
    } else {
      const temporary = joinPath(parentOf(path), `.goutputstream-${this.uniqueName(side)}`);
      const content = this.content(side);
      await writeFile(join(root, temporary), content);
      await rename(join(root, temporary), join(root, path));
      this.written.set(sha256Hex(content), path);
    }
    this.record(root, `edited ${path}`);
    return true;
  }

  /** Renames a file in its folder; one rename in ten changes only the case of its name. */
  private async renameFile(root: string, tree: Tree): Promise<boolean> {
    if (tree.files.length === 0) return false;
    const path = this.pick(tree.files);
    const name = nameOf(path);
    const caseOnly = this.random() < 0.1 && name.toUpperCase() !== name.toLowerCase();
    const renamed = caseOnly ? toggleCase(name) : `${this.uniqueName(2)}${extensionOf(name)}`;
    await renameWithoutReplacing(join(root, path), join(root, parentOf(path), renamed));
    this.record(root, `renamed ${path} to ${renamed}`);
    return true;
  }

  private async moveFile(root: string, tree: Tree): Promise<boolean> {
    if (tree.files.length === 0) return false;
    const path = this.pick(tree.files);
    const target = this.pick(['', ...tree.folders].filter((folder) => folder !== parentOf(path)));
    if (target === undefined) return false;
    await renameWithoutReplacing(join(root, path), join(root, target, nameOf(path)));
    this.record(root, `moved ${path} into /${target}`);
    return true;
  }

  /** Creates a folder, half of the time with a file in it. */
  private async createFolder(root: string, tree: Tree, side: number): Promise<boolean> {
    const folder = joinPath(this.pick(['', ...tree.folders]), this.uniqueName(side));
    await mkdir(join(root, folder));
    this.record(root, `created folder ${folder}`);
    if (this.random() < 0.5) await this.createFile(root, folder, side);
    return true;
  }

  private async renameFolder(root: string, tree: Tree): Promise<boolean> {
    if (tree.folders.length === 0) return false;
    const folder = this.pick(tree.folders);
    const renamed = this.uniqueName(2);
    await renameWithoutReplacing(join(root, folder), join(root, parentOf(folder), renamed));
    this.record(root, `renamed folder ${folder} to ${renamed}`);
    return true;
  }

  /** Moves a folder into another folder that is not inside it. */
  private async moveFolder(root: string, tree: Tree): Promise<boolean> {
    if (tree.folders.length === 0) return false;
    const folder = this.pick(tree.folders);
    const targets = ['', ...tree.folders].filter(
      (target) => target !== parentOf(folder) && !isWithin(target, folder),
    );
    if (targets.length === 0) return false;
    const target = this.pick(targets);
    await renameWithoutReplacing(join(root, folder), join(root, target, nameOf(folder)));
    this.record(root, `moved folder ${folder} into /${target}`);
    return true;
  }

  private async deleteFile(root: string, tree: Tree): Promise<boolean> {
    const path = await this.pickSyncedFile(root, tree.files);
    if (path === null) return false;
    await rm(join(root, path));
    this.record(root, `deleted ${path}`);
    return true;
  }

  /** Deletes a small folder whose files all reached the server. */
  private async deleteFolder(root: string, tree: Tree): Promise<boolean> {
    for (let attempt = 0; attempt < 5 && tree.folders.length > 0; attempt++) {
      const folder = this.pick(tree.folders);
      const files = tree.files.filter((path) => isWithin(path, folder));
      if (files.length > MAX_DELETED_FOLDER_FILES) continue;
      const contents = await Promise.all(files.map((path) => readFile(join(root, path))));
      if (!contents.every((content) => this.options.isSynced(sha256Hex(content)))) continue;
      await rm(join(root, folder), { recursive: true });
      this.record(root, `deleted folder ${folder}`);
      return true;
    }
    return false;
  }

  /** Leaves an editor swap file or an office lock file, which no sync may transfer. */
  private async temporaryFile(root: string, tree: Tree): Promise<boolean> {
    const folder = this.pick(['', ...tree.folders]);
    const base = this.uniqueName(2);
    const name = this.pick([`.${base}.txt.swp`, `~$${base}.docx`, `${base}.txt~`]);
    await writeFile(join(root, folder, name), this.content(2));
    this.temporaryFiles.push(join(root, folder, name));
    return true;
  }

  private record(root: string, change: string): void {
    const side = this.options.folders.indexOf(root);
    this.history.push(`#${this.operations} folder ${side}: ${change}`);
  }

  /** Returns a file whose current content reached the server, trying a few at random. */
  private async pickSyncedFile(root: string, files: readonly string[]): Promise<string | null> {
    for (let attempt = 0; attempt < 8 && files.length > 0; attempt++) {
      const path = this.pick(files);
      const content = await readFile(join(root, path)).catch(() => null);
      if (content && this.options.isSynced(sha256Hex(content))) return path;
    }
    return null;
  }

  private async write(root: string, path: string, content: Buffer): Promise<void> {
    await writeFile(join(root, path), content);
    this.written.set(sha256Hex(content), path);
  }

  /** Returns content that no other operation writes: a header naming it, then seeded bytes. */
  private content(side: number): Buffer {
    const range = this.weighted(SIZES.map((size) => [size, size.weight]));
    const size = range.min + Math.floor(this.random() * (range.max - range.min));
    const header = Buffer.from(`operation ${this.operations} side ${side} ${this.random()}\n`);
    return Buffer.concat([header, seededBytes(size, `${this.options.seed}:${this.operations}`)]);
  }

  /** Returns a name used once: a letter for the side and a serial number. */
  private uniqueName(side: number): string {
    this.names += 1;
    return `${'abr'[side] ?? 'x'}${this.names}`;
  }

  private pause(): number {
    const roll = this.random();
    if (roll < 0.7) return Math.floor(this.random() * 15);
    if (roll < 0.95) return 20 + Math.floor(this.random() * 130);
    return 300 + Math.floor(this.random() * 900);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private weighted<T>(entries: readonly [T, number][]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.random() * total;
    for (const [item, weight] of entries) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return entries[entries.length - 1][0];
  }
}

/**
 * Renames unless the target exists, because rename(2) would replace a file there and lose its
 * content by the workload's own hand. A sync client may still create the target in between.
 */
async function renameWithoutReplacing(from: string, to: string): Promise<void> {
  const existing = await lstat(to).catch(() => null);
  if (existing) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
  await rename(from, to);
}

/** Returns whether a failed file-system call lost a race with a sync client. */
function isRace(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return ['ENOENT', 'EEXIST', 'ENOTEMPTY', 'ENOTDIR', 'EISDIR', 'EINVAL'].includes(code ?? '');
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot) : '';
}

function toggleCase(name: string): string {
  const first = name[0];
  const toggled = first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase();
  return `${toggled}${name.slice(1)}`;
}
