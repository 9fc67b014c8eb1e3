import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { ReadYourWrites } from '../common/read-your-writes.js';
import { CreateFolderCommand } from './commands/create-folder.command.js';
import { CreateFolderDto } from './dto/create-folder.dto.js';
import { NodeQueries } from './node-queries.js';

@ApiTags('files')
@ApiBearerAuth()
@Controller('api/v1/folders')
export class FoldersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: NodeQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a folder' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateFolderDto) {
    const result = await this.commands.execute(
      new CreateFolderCommand(principal, body.parentId, body.name),
    );
    await this.readYourWrites.wait(result.position);
    return this.queries.node(principal, result.nodeId);
  }

  @Get(':id/children')
  @ApiOperation({ summary: 'List a folder' })
  async children(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    return { items: await this.queries.children(principal, id) };
  }
}
