import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { CHUNK_STORE, type ChunkStore, isSha256Hex, MAX_CHUNK_BYTES } from '@scaidrive/chunk-store';
import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { ChunkAccess } from './chunk-access.js';
import { MissingChunksDto } from './missing-chunks.dto.js';

function requireHash(sha256: string): string {
  if (!isSha256Hex(sha256)) {
    throw new DomainError('INVALID_ARGUMENT', 'the chunk hash must be 64 lowercase hex digits', {
      sha256,
    });
  }
  return sha256;
}

@ApiTags('chunks')
@ApiBearerAuth()
@Controller('api/v1/chunks')
export class ChunksController {
  constructor(
    private readonly access: ChunkAccess,
    @Inject(CHUNK_STORE) private readonly chunks: ChunkStore,
  ) {}

  @Post('missing')
  @HttpCode(200)
  @ApiOperation({ summary: 'Which of these chunks the caller must upload before a commit' })
  async missing(@CurrentPrincipal() principal: Principal, @Body() body: MissingChunksDto) {
    return { missing: await this.access.missing(principal, body.hashes) };
  }

  @Put(':sha256')
  @ApiConsumes('application/octet-stream')
  @ApiOperation({ summary: 'Upload one chunk; the server checks its SHA-256' })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param('sha256') sha256: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    requireHash(sha256);
    const declared = Number(request.header('content-length') ?? '0');
    if (declared > MAX_CHUNK_BYTES) {
      throw new DomainError('TOO_LARGE', `a chunk is at most ${MAX_CHUNK_BYTES} bytes`, {
        maxBytes: MAX_CHUNK_BYTES,
      });
    }
    // The answer says whether the caller held the chunk before, never whether anyone else stored
    // it, because the store is shared by all tenants and that would reveal their content.
    const heldBefore = (await this.access.held(principal, [sha256])).has(sha256);
    const result = await this.chunks.put(sha256, request);
    await this.access.recordUpload(principal, sha256, result.size);
    response.status(heldBefore ? 200 : 201);
    return { sha256, size: result.size, created: !heldBefore };
  }

  @Get(':sha256')
  @ApiOperation({ summary: 'Download one chunk of a file the caller may read' })
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('sha256') sha256: string,
    @Res() response: Response,
  ): Promise<void> {
    requireHash(sha256);
    const held = await this.access.held(principal, [sha256]);
    const size = held.has(sha256) ? await this.chunks.size(sha256) : null;
    if (size === null) throw new DomainError('NOT_FOUND', `chunk ${sha256} not found`, { sha256 });
    response.status(200);
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Content-Length', String(size));
    response.setHeader('ETag', `"${sha256}"`);
    response.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    await pipeline(await this.chunks.get(sha256), response);
  }
}
