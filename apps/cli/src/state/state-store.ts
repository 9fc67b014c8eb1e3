import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { type BaseEntry, type RemoteNode, STATE_FORMAT, type SyncState } from './sync-state.js';

/** Name of the folder inside the local folder that contains the sync state; it is never synced. */
export const STATE_FOLDER = '.scaidrive';

interface StateFile {
  readonly format: number;
  readonly apiUrl: string;
  readonly userId: string;
  /** Absent in files written before the tree was recorded. */
  readonly treeId?: string | null;
  readonly shareName?: string | null;
  readonly remoteRootPath: string;
  readonly remoteRootId: string;
  readonly cursor: string | null;
  readonly remote: Record<string, RemoteNode>;
  readonly base: Record<string, BaseEntry>;
}

/** Loads and saves the sync state of one local folder, and owns its temporary folder. */
export class StateStore {
  readonly folder: string;
  readonly temporaryFolder: string;
  private readonly file: string;

  constructor(localRoot: string) {
    this.folder = join(localRoot, STATE_FOLDER);
    this.temporaryFolder = join(this.folder, 'tmp');
    this.file = join(this.folder, 'state.json');
  }

  /** Creates the state folder and empties the temporary folder that an interrupted run left. */
  async prepare(): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    await rm(this.temporaryFolder, { recursive: true, force: true });
    await mkdir(this.temporaryFolder, { recursive: true });
  }

  async load(): Promise<SyncState | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const stored = JSON.parse(text) as StateFile;
    if (stored.format !== STATE_FORMAT) {
      throw new Error(
        `unsupported state format ${stored.format} in ${this.file}; expected ${STATE_FORMAT}`,
      );
    }
    return {
      ...stored,
      treeId: stored.treeId ?? null,
      shareName: stored.shareName ?? null,
      remote: new Map(Object.entries(stored.remote)),
      base: new Map(Object.entries(stored.base)),
    };
  }

  async save(state: SyncState): Promise<void> {
    const stored: StateFile = {
      format: state.format,
      apiUrl: state.apiUrl,
      userId: state.userId,
      treeId: state.treeId,
      shareName: state.shareName,
      remoteRootPath: state.remoteRootPath,
      remoteRootId: state.remoteRootId,
      cursor: state.cursor,
      remote: Object.fromEntries(state.remote),
      base: Object.fromEntries(state.base),
    };
    await writeFileAtomic(this.file, JSON.stringify(stored));
  }
}
