import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncSetupError } from '../sync/sync-setup-error.js';

/** Exclusive lock of a local folder, so that two sync runs never work on it at once. */
export class FolderLock {
  private readonly file: string;

  constructor(stateFolder: string) {
    this.file = join(stateFolder, 'lock');
  }

  /** Takes the lock, removing it first when the process that holds it no longer exists. */
  async acquire(): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(this.file, 'wx');
        await handle.writeFile(String(process.pid));
        await handle.close();
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = Number.parseInt(await readFile(this.file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new SyncSetupError(`another sync of this folder is running (process ${holder})`);
      }
      await rm(this.file, { force: true });
    }
    throw new SyncSetupError(
      `could not take the lock ${this.file}; remove it if no sync is running`,
    );
  }

  async release(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
