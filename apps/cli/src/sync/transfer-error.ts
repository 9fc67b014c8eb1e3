/** A transfer of one file failed in a way that the next run may not repeat, such as a bad hash. */
export class TransferError extends Error {
  override readonly name = 'TransferError';
}
