import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CHUNK_STORE, type ChunkStore } from '@scaidrive/chunk-store';
import { type ByteRange, parseRange } from './byte-range.js';
import { type VersionChunk, type VersionView } from './node-queries.js';

/** Streams a file version's bytes from its chunks, honouring a single HTTP Range. */
@Injectable()
export class ContentStreamer {
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
    const ifRange = request.header('if-range');
    const rangeHeader = ifRange && ifRange !== etag ? undefined : request.header('range');
    const range = parseRange(rangeHeader, version.size);
    if (range === 'unsatisfiable') {
      response.status(416).setHeader('Content-Range', `bytes */${version.size}`);
      response.end();
      return;
    }
    const selected = range ?? { start: 0, end: version.size - 1 };
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
    await pipeline(Readable.from(this.pieces(chunks, selected)), response);
  }

  private async *pieces(chunks: readonly VersionChunk[], range: ByteRange): AsyncGenerator<Buffer> {
    for (const chunk of chunks) {
      const chunkEnd = chunk.offset + chunk.size - 1;
      if (chunkEnd < range.start || chunk.offset > range.end) continue;
      const start = Math.max(range.start, chunk.offset) - chunk.offset;
      const end = Math.min(range.end, chunkEnd) - chunk.offset;
      const stream = await this.chunks.get(chunk.sha256, { start, end });
      for await (const piece of stream) yield piece as Buffer;
    }
  }
}
