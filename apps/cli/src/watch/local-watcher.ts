import { type FSWatcher, watch } from 'node:fs';
import { isIgnoredPath } from '../local/ignored-names.js';
import { STATE_FOLDER } from '../state/state-store.js';

/**
 * Watches the local folder and its subfolders with recursive `fs.watch` and reports changes that
 * may need a pass. Events inside the state folder and on ignored names are dropped, because the
 * sync's own state saves would otherwise start pass after pass.
 *
 * NOTE: on Linux, Node 20 implements the recursive mode in JavaScript: it reads the tree with
 * synchronous calls and adds one inotify watch per file and folder, so a large tree can exceed
 * fs.inotify.max_user_watches. The watcher then fails, and the rescan timer finds changes.
 */
export class LocalWatcher {
  private watcher: FSWatcher | null = null;

  constructor(
    private readonly root: string,
    private readonly onChange: (path: string | null) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  get active(): boolean {
    return this.watcher !== null;
  }

  /** Starts watching; on failure calls onError and leaves the rescan timer to find changes. */
  start(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.root, { recursive: true }, (_event, filename) => {
        const path = filename === null ? null : filename.split(/[\\/]/u).join('/');
        if (path === null || isRelevant(path)) this.onChange(path);
      });
    } catch (error) {
      this.onError(error as Error);
      return;
    }
    this.watcher.on('error', (error) => {
      this.close();
      this.onError(error);
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
  }
}

/** Returns whether a changed path, relative to the watched folder, may need a pass. */
export function isRelevant(path: string): boolean {
  if (path === STATE_FOLDER || path.startsWith(`${STATE_FOLDER}/`)) return false;
  return !isIgnoredPath(path);
}
