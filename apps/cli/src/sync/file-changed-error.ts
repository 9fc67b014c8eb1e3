/** The local file changed between hashing and sending; the next run uploads it again. */
export class FileChangedError extends Error {
  override readonly name = 'FileChangedError';
}
