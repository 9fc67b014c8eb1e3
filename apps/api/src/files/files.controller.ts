import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { ReadYourWrites } from '../common/read-your-writes.js';
import {
  CommitFileVersionCommand,
  type CommitFileVersionResult,
} from './commands/commit-file-version.command.js';
import { ContentStreamer } from './content-streamer.js';
import { RestoreVersionCommand } from './commands/restore-version.command.js';
import { AddFileDto, CommitVersionDto } from './dto/commit-version.dto.js';
import { NodeQueries } from './node-queries.js';

@ApiTags('files')
@ApiBearerAuth()
@Controller('api/v1/files')
export class FilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: NodeQueries,
    private readonly readYourWrites: ReadYourWrites,
    private readonly content: ContentStreamer,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Add a file with its first version' })
  async add(@CurrentPrincipal() principal: Principal, @Body() body: AddFileDto) {
    const { parentId, name, ...version } = body;
    const result = await this.commands.execute(
      new CommitFileVersionCommand(principal, version, { parentId, name }),
    );
    return this.answer(principal, result);
  }

  @Post(':id/versions')
  @ApiOperation({ summary: 'Commit a new version of a file' })
  async commit(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CommitVersionDto,
  ) {
    const result = await this.commands.execute(
      new CommitFileVersionCommand(principal, body, { nodeId: id }),
    );
    return this.answer(principal, result);
  }

  private async answer(principal: Principal, result: CommitFileVersionResult) {
    await this.readYourWrites.wait(result.position);
    const node = await this.queries.node(principal, result.nodeId);
    const version = result.versionId
      ? await this.queries.version(principal, result.nodeId, result.versionId)
      : null;
    return { node, version, conflict: result.conflict };
  }

  @Get(':id/content')
  @ApiOperation({ summary: 'Download the current version; supports Range' })
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const node = await this.queries.node(principal, id);
    const version = await this.queries.version(principal, id);
    const chunks = await this.queries.chunksOf(version.id);
    await this.content.send(request, response, node.name, version, chunks);
  }

  @Get(':id/versions')
  @ApiOperation({ summary: 'List the versions of a file, newest first' })
  async versions(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    return { items: await this.queries.versions(principal, id) };
  }

  @Get(':id/versions/:versionId')
  @ApiOperation({ summary: 'One version with its ordered chunk list' })
  async version(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('versionId', new ParseUUIDPipe()) versionId: string,
  ) {
    const version = await this.queries.version(principal, id, versionId);
    return { ...version, chunks: await this.queries.chunksOf(versionId) };
  }

  @Post(':id/versions/:versionId/restore')
  @ApiOperation({ summary: 'Make an old version the head again, as a new version' })
  async restoreVersion(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('versionId', new ParseUUIDPipe()) versionId: string,
  ) {
    const result = await this.commands.execute(new RestoreVersionCommand(principal, id, versionId));
    return this.answer(principal, result);
  }

  @Get(':id/versions/:versionId/content')
  @ApiOperation({ summary: 'Download one version; supports Range' })
  async downloadVersion(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('versionId', new ParseUUIDPipe()) versionId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const node = await this.queries.node(principal, id);
    const version = await this.queries.version(principal, id, versionId);
    const chunks = await this.queries.chunksOf(versionId);
    await this.content.send(request, response, node.name, version, chunks);
  }
}
