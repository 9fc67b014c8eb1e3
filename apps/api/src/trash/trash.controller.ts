import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { type NodeRow, toNodeView } from '@scaidrive/projections';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { ReadYourWrites } from '../common/read-your-writes.js';
import { DriveAccess } from '../files/drive-access.js';
import { NodeQueries } from '../files/node-queries.js';
import { TrashItemCommand } from './trash-commands.js';

@ApiTags('trash')
@ApiBearerAuth()
@Controller('api/v1/trash')
export class TrashController {
  constructor(
    private readonly commands: CommandBus,
    private readonly dataSource: DataSource,
    private readonly access: DriveAccess,
    private readonly queries: NodeQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Deleted files and folders that can be restored, newest first' })
  async list(@CurrentPrincipal() principal: Principal) {
    const rows: (NodeRow & { deleted_at: Date })[] = await this.dataSource.query(
      `SELECT * FROM nodes
       WHERE tree_id = ANY($1) AND deleted AND NOT purged AND trash_root = id
       ORDER BY deleted_at DESC LIMIT 1000`,
      [await this.access.readableTreeIds(principal)],
    );
    return {
      items: (await this.access.visible(principal, rows)).map((row) => ({
        ...toNodeView(row),
        deletedAt: new Date(row.deleted_at).toISOString(),
      })),
    };
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Restore an item to where it was, recreating folders deleted since',
  })
  async restore(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    const result = await this.commands.execute(new TrashItemCommand(principal, id, 'restore'));
    await this.readYourWrites.wait(result.position);
    return this.queries.node(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an item from the trash for good' })
  async purge(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    const result = await this.commands.execute(new TrashItemCommand(principal, id, 'purge'));
    await this.readYourWrites.wait(result.position);
  }
}
