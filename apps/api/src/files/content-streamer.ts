import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CHUNK_STORE, type ChunkStore } from '@scaidrive/chunk-store';
import { type ByteRange, parseRange } from './byte-range.js';
import { type VersionChunk, type VersionView } from './node-queries.js';

/** Streams a file version's bytes from its chunks, honouring a single HTTP Range. */
@Injectable()
export class ContentStreamer {
  private readonly logger = new Logger(ContentStreamer.name);

  constructor(@Inject(CHUNK_STORE) private readonly chunks: ChunkStore) {}

  async send(
    request: Request,
    response: Response,
    name: string,
    version: VersionView,
    chunks: readonly VersionChunk[],
  ): Promise<void> {
    const etag = `"${version.sha256}"`;
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('ETag', etag);
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    response.setHeader('Last-Modified', new Date(version.mtime).toUTCString());
    if (matchesEtag(request.header('if-none-match'), etag)) {
      // The client's copy is current: a sync client or browser re-checking a file gets no body.
      response.status(304).end();
      return;
    }
    const range = this.rangeOf(request, version);
    if (range === 'unsatisfiable') {
      response.status(416).setHeader('Content-Range', `bytes */${version.size}`);
      response.type('application/problem+json').send(
        JSON.stringify({
          type: 'about:blank',
          title: 'Range Not Satisfiable',
          status: 416,
          detail: `the range starts past the end of the ${version.size}-byte file`,
          code: 'RANGE_NOT_SATISFIABLE',
        }),
      );
      return;
    }
    const selected = range ?? { start: 0, end: version.size - 1 };
    await this.requireStored(chunks, selected);
    if (range) {
      response.status(206);
      response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${version.size}`);
    } else {
      response.status(200);
    }
    response.setHeader('Content-Length', String(Math.max(0, selected.end - selected.start + 1)));
    if (request.method === 'HEAD' || version.size === 0) {
      response.end();
      return;
    }
    try {
      await pipeline(Readable.from(this.pieces(chunks, selected)), response);
    } catch (error) {
      // A client that hangs up, mid-way or as the last bytes leave, is not a server failure.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
      this.logger.debug({ msg: 'client closed the connection during a download', name });
    }
  }

  /** The range a request gets: its Range header, unless an If-Range names another version. */
  rangeOf(request: Request, version: VersionView): ByteRange | null | 'unsatisfiable' {
    const ifRange = request.header('if-range');
    const stale = Boolean(ifRange) && ifRange !== `"${version.sha256}"`;
    return parseRange(stale ? undefined : request.header('range'), version.size);
  }

  /**
   * Checks that every chunk of the range is stored with its size before the status line goes out,
   * so a lost chunk gives a clear 500 instead of a connection cut off in the middle.
   */
  private async requireStored(chunks: readonly VersionChunk[], range: ByteRange): Promise<void> {
    for (const chunk of chunks) {
      if (chunk.offset + chunk.size - 1 < range.start || chunk.offset > range.end) continue;
      const size = await this.chunks.size(chunk.sha256);
      if (size !== chunk.size) {
        this.logger.error({ msg: 'stored chunk missing or truncated', sha256: chunk.sha256, size });
        throw new Error(`chunk ${chunk.sha256} is missing from the chunk store`);
      }
    }
  }

  /**
   * Streams the range. Whole chunks are hashed on the way and a chunk whose bytes no longer match
   * its SHA-256 ends the response with an error, so damaged storage is never served as good data.
   */
  private async *pieces(chunks: readonly VersionChunk[], range: ByteRange): AsyncGenerator<Buffer> {
    for (const chunk of chunks) {
      const chunkEnd = chunk.offset + chunk.size - 1;
      if (chunkEnd < range.start || chunk.offset > range.end) continue;
      const start = Math.max(range.start, chunk.offset) - chunk.offset;
      const end = Math.min(range.end, chunkEnd) - chunk.offset;
      const whole = start === 0 && end === chunk.size - 1;
      const hash = whole ? createHash('sha256') : null;
      const stream = await this.chunks.get(chunk.sha256, { start, end });
      for await (const piece of stream) {
        hash?.update(piece as Buffer);
        yield piece as Buffer;
      }
      if (hash && hash.digest('hex') !== chunk.sha256) {
        this.logger.error({ msg: 'stored chunk is damaged', sha256: chunk.sha256 });
        throw new Error(`chunk ${chunk.sha256} does not match its SHA-256`);
      }
    }
  }
}

/** Returns whether an If-None-Match header lists `etag` or is `*` (weak tags compare equal). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
