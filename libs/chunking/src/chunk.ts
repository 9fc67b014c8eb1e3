/** A piece of a file: its position, length in bytes and SHA-256 in lowercase hex. */
export interface Chunk {
  readonly offset: number;
  readonly size: number;
  readonly sha256: string;
}

/** Length in bytes and SHA-256 (lowercase hex) of a whole file. */
export interface FileDigest {
  readonly size: number;
  readonly sha256: string;
}

/** A file's chunks in order, with its whole-file digest. */
export interface ChunkedContent extends FileDigest {
  readonly chunks: readonly Chunk[];
}
