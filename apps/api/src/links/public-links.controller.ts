import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiConsumes,
  ApiOperation,
  ApiPropertyOptional,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { isIP } from 'node:net';
import type { Request, Response } from 'express';
import { IsEmail, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNonNull } from '../common/is-optional-non-null.decorator.js';
import { DomainError } from '@scaidrive/domain';
import { Public } from '../common/public.decorator.js';
import { ContentStreamer } from '../files/content-streamer.js';
import { NodeQueries } from '../files/node-queries.js';
import { DropZoneUploads } from './drop-zone-uploads.js';
import { type Visit } from './link-access-log.js';
import { LinkDownloads } from './link-downloads.js';
import { LinkGate } from './link-gate.js';
import { LinkUnlock } from './link-unlock.js';
import { publicChild, publicLink, publicNode } from './public-link.views.js';

export class UnlockDto {
  @ApiPropertyOptional()
  @IsOptionalNonNull()
  @IsString()
  @MaxLength(256)
  password?: string;

  @ApiPropertyOptional({ example: 'ann@example.com' })
  @IsOptionalNonNull()
  @IsEmail()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: '042917' })
  @IsOptionalNonNull()
  @Matches(/^\d{6}$/, { message: 'code must be the six digits of the mail' })
  code?: string;
}

export class EmailCodeDto {
  @ApiProperty({ example: 'ann@example.com' })
  @IsEmail()
  @MaxLength(320)
  email!: string;
}

const MAX_USER_AGENT = 512;

/**
 * Returns the client's address: the one a trusted proxy forwarded, unless that is not an IP
 * address, in which case the proxy's own address is used, so that junk never reaches
 * allow-lists, throttles or the log.
 */
function clientAddress(request: Request): string {
  const forwarded = request.ip;
  if (forwarded !== undefined && isIP(forwarded) !== 0) return forwarded;
  return request.socket.remoteAddress ?? 'unknown';
}

function visitOf(token: string, request: Request): Visit {
  return {
    token,
    clientAddress: clientAddress(request),
    userAgent: request.header('user-agent')?.slice(0, MAX_USER_AGENT) ?? null,
    accessToken: request.header('x-link-access') ?? null,
  };
}

/** Endpoints for people outside the organization, who present a link's token, not a bearer token. */
@ApiTags('public links')
@Public()
@Controller('api/v1/public/links/:token')
export class PublicLinksController {
  constructor(
    private readonly gate: LinkGate,
    private readonly unlocking: LinkUnlock,
    private readonly downloads: LinkDownloads,
    private readonly uploads: DropZoneUploads,
    private readonly nodes: NodeQueries,
    private readonly content: ContentStreamer,
  ) {}

  @Get()
  @ApiOperation({ summary: 'What the link opens and what it permits' })
  async metadata(@Param('token') token: string, @Req() request: Request) {
    const open = await this.gate.open(visitOf(token, request), 'metadata');
    await this.gate.allow(open, 'metadata', { nodeId: open.target.id });
    return publicLink(open.row, open.target);
  }

  @Post('unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade the password and a one-time code for an access token' })
  unlock(@Param('token') token: string, @Req() request: Request, @Body() body: UnlockDto) {
    return this.unlocking.unlock(visitOf(token, request), body);
  }

  @Post('email-code')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail a one-time code to an address the link admits' })
  async emailCode(
    @Param('token') token: string,
    @Req() request: Request,
    @Body() body: EmailCodeDto,
  ) {
    await this.unlocking.requestCode(visitOf(token, request), body.email);
    return { accepted: true };
  }

  @Get('children')
  @ApiOperation({ summary: 'List a folder inside the link’s target, the target by default' })
  async children(
    @Param('token') token: string,
    @Req() request: Request,
    @Query('folderId', new ParseUUIDPipe({ optional: true })) folderId?: string,
  ) {
    const open = await this.gate.open(visitOf(token, request), 'list');
    const folder = await this.gate.nodeWithin(open, folderId, 'list', 'LIST');
    if (folder.kind !== 'folder') {
      throw new DomainError('NOT_A_FOLDER', `node ${folder.id} is not a folder`, {
        nodeId: folder.id,
      });
    }
    const items = await this.nodes.children(open.creator, folder.id);
    await this.gate.allow(open, 'list', { nodeId: folder.id });
    return { items: items.map(publicChild) };
  }

  @Get('nodes/:nodeId')
  @ApiOperation({ summary: 'One file or folder inside the link’s target' })
  async node(
    @Param('token') token: string,
    @Param('nodeId', new ParseUUIDPipe()) nodeId: string,
    @Req() request: Request,
  ) {
    const open = await this.gate.open(visitOf(token, request), 'list');
    const node = await this.gate.nodeWithin(open, nodeId, 'list');
    await this.gate.allow(open, 'list', { nodeId });
    return publicNode(node);
  }

  @Get('content')
  @ApiOperation({
    summary: 'Download a file; supports Range, and each response counts towards a cap',
  })
  async download(
    @Param('token') token: string,
    @Req() request: Request,
    @Res() response: Response,
    @Query('nodeId', new ParseUUIDPipe({ optional: true })) nodeId?: string,
  ): Promise<void> {
    const open = await this.gate.open(visitOf(token, request), 'download');
    const file = await this.gate.nodeWithin(open, nodeId, 'download', 'READ');
    if (file.kind !== 'file') {
      throw new DomainError('NOT_A_FILE', `node ${file.id} is a folder`, { nodeId: file.id });
    }
    const version = await this.nodes.version(open.creator, file.id);
    const chunks = await this.nodes.chunksOf(version.id);
    const range = this.content.rangeOf(request, version);
    let bytes = version.size;
    if (range === 'unsatisfiable') bytes = 0;
    else if (range) bytes = range.end - range.start + 1;
    const record = { action: 'download' as const, nodeId: file.id, bytes };
    const limit = open.row.download_limit;
    if (range === 'unsatisfiable') {
      // The response is a 416 without content, which takes no download from a cap.
      await this.gate.record(open.row, open.visit, {
        ...record,
        reason: 'RANGE_NOT_SATISFIABLE',
        email: open.email,
      });
    } else if (request.method === 'HEAD') {
      // Headers carry no content, so they take no download from a cap.
      if (limit !== null && open.row.downloads >= limit) {
        await this.gate.deny(open.row, open.visit, 'metadata', 'DOWNLOAD_LIMIT_REACHED', record);
      }
      await this.gate.allow(open, 'metadata', { nodeId: file.id });
    } else if (limit !== null) {
      const denial = await this.downloads.claim(open.row, open.visit, {
        ...record,
        reason: null,
        email: open.email,
      });
      if (denial !== null) await this.gate.deny(open.row, open.visit, 'download', denial, record);
    } else {
      await this.gate.allow(open, 'download', record);
    }
    // A conditional request would let a cached copy skip the count, so a link always sends bytes.
    delete request.headers['if-none-match'];
    await this.content.send(request, response, file.name, version, chunks);
  }

  @Post('files')
  @ApiConsumes('application/octet-stream')
  @ApiOperation({
    summary: 'Upload a file into a drop zone; the response never shows what is there',
  })
  async upload(
    @Param('token') token: string,
    @Req() request: Request,
    @Query('name') name: unknown,
    @Res({ passthrough: true }) response: Response,
  ) {
    const open = await this.gate.open(visitOf(token, request), 'upload');
    try {
      if (typeof name !== 'string' || name === '') {
        throw new DomainError('INVALID_ARGUMENT', 'the upload needs one ?name= for the file');
      }
      const length = request.header('content-length');
      const declared = length === undefined ? null : Number(length);
      const received = await this.uploads.receive(open, name, request, declared);
      await this.gate.allow(open, 'upload', { nodeId: open.target.id, bytes: received.size });
      response.status(201);
      return received;
    } catch (error) {
      if (error instanceof DomainError) {
        const reason = error.code === 'QUOTA_EXCEEDED' ? 'QUOTA_EXCEEDED' : 'INVALID_UPLOAD';
        await this.gate.record(open.row, open.visit, {
          action: 'upload',
          reason,
          nodeId: open.target.id,
          email: open.email,
        });
      }
      throw error;
    }
  }
}
