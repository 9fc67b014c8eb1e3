import type { StateStore } from '../state/state-store.js';
import type { SyncState } from '../state/sync-state.js';

/** Minimum time in ms between saves during a phase, so that a crash loses little finished work. */
const CHECKPOINT_INTERVAL_MS = 10_000;

/** Saves the sync state one write at a time, often enough during long phases. */
export class StateSaver {
  private lastSave = performance.now();
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: StateStore,
    private readonly state: SyncState,
  ) {}

  /** Saves in the background when the last save is older than the checkpoint interval. */
  checkpoint(): void {
    if (performance.now() - this.lastSave < CHECKPOINT_INTERVAL_MS) return;
    this.lastSave = performance.now();
    this.pending = this.pending.then(() => this.store.save(this.state));
  }

  /** Waits for earlier saves and saves once more. */
  async save(): Promise<void> {
    this.lastSave = performance.now();
    this.pending = this.pending.then(() => this.store.save(this.state));
    await this.pending;
  }
}
