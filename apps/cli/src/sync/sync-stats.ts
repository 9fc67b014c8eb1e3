/** Counters of one sync run; `--json` prints them as the last line of stdout. */
export class SyncStats {
  filesUploaded = 0;
  filesDownloaded = 0;
  /** Chunk bytes sent with `PUT /chunks/{sha256}`. */
  bytesUploaded = 0;
  /** Bytes received for file content, as whole files or single chunks. */
  bytesDownloaded = 0;
  chunksUploaded = 0;
  /** Chunks not transferred: the server had them on upload, or a local copy had them on download. */
  chunksReused = 0;
  /** Files and folders deleted, locally or remotely. */
  filesDeleted = 0;
  filesMoved = 0;
  foldersCreated = 0;
  conflicts = 0;
  /** Local items left out because the server cannot store them or they are not regular files. */
  skipped = 0;
  /** Items whose transfer failed; the next run tries them again. */
  errors = 0;
  /** Local changes the server rejected with 403 (not allowed); they stay local. */
  rejected = 0;
  /** Items left for the next run because they changed locally while this one handled them. */
  deferred = 0;
  private readonly startedAt = performance.now();

  toJSON(): Record<string, number> {
    return {
      filesUploaded: this.filesUploaded,
      filesDownloaded: this.filesDownloaded,
      bytesUploaded: this.bytesUploaded,
      bytesDownloaded: this.bytesDownloaded,
      chunksUploaded: this.chunksUploaded,
      chunksReused: this.chunksReused,
      filesDeleted: this.filesDeleted,
      filesMoved: this.filesMoved,
      foldersCreated: this.foldersCreated,
      conflicts: this.conflicts,
      skipped: this.skipped,
      errors: this.errors,
      rejected: this.rejected,
      deferred: this.deferred,
      durationMs: Math.round(performance.now() - this.startedAt),
    };
  }
}
