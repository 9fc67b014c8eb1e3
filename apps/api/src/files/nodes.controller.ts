import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Query,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import { DomainError } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { ReadYourWrites } from '../common/read-your-writes.js';
import { DeleteNodeCommand } from './commands/delete-node.command.js';
import { UpdateNodeCommand } from './commands/update-node.command.js';
import { UpdateNodeDto } from './dto/update-node.dto.js';
import { NodeQueries } from './node-queries.js';

@ApiTags('files')
@ApiBearerAuth()
@Controller('api/v1/nodes')
export class NodesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: NodeQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The node at a path of the caller’s drive or of a share’s tree' })
  @ApiQuery({ name: 'path', example: '/Reports/2026' })
  @ApiQuery({
    name: 'tree',
    required: false,
    description: 'Tree to look in: a share’s treeId; the caller’s personal drive when absent',
  })
  async byPath(
    @CurrentPrincipal() principal: Principal,
    @Query('path') path?: string,
    @Query('tree') tree?: string,
  ) {
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new DomainError('INVALID_ARGUMENT', 'path must be given and start with /');
    }
    if (tree !== undefined && (typeof tree !== 'string' || !isUUID(tree))) {
      throw new DomainError('INVALID_ARGUMENT', 'tree must be a tree id (a UUID)', { tree });
    }
    return this.queries.nodeByPath(principal, path, tree);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One file or folder' })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    return this.queries.node(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename and/or move a file or folder' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateNodeDto,
  ) {
    const result = await this.commands.execute(
      new UpdateNodeCommand(principal, id, body.name, body.parentId),
    );
    await this.readYourWrites.wait(result.position);
    return this.queries.node(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a file, or a folder with everything in it' })
  async delete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    const result = await this.commands.execute(new DeleteNodeCommand(principal, id));
    await this.readYourWrites.wait(result.position);
  }
}
