import {
  Body,
  Controller,
  DefaultValuePipe,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { LinkCommands } from './link-commands.js';
import { CreateLinkDto, LinkOptionsDto } from './link-options.dto.js';
import { LinkQueries } from './link-queries.js';

/** Links that their creators and the managers of their shares create, change and audit. */
@ApiTags('links')
@ApiBearerAuth()
@Controller('api/v1')
export class LinksController {
  constructor(
    private readonly commands: LinkCommands,
    private readonly queries: LinkQueries,
  ) {}

  @Post('links')
  @ApiOperation({ summary: 'Create a link; the response contains its token, shown only this once' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateLinkDto) {
    const { id, token } = await this.commands.create(principal, body);
    const link = await this.queries.link(principal, id);
    return { ...link, token, path: `/api/v1/public/links/${token}` };
  }

  @Get('links')
  @ApiOperation({ summary: 'Links the caller manages, optionally on one node or share' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query('nodeId', new ParseUUIDPipe({ optional: true })) nodeId?: string,
    @Query('shareId', new ParseUUIDPipe({ optional: true })) shareId?: string,
  ) {
    return { items: await this.queries.links(principal, { nodeId, shareId }) };
  }

  @Get('links/:id')
  @ApiOperation({ summary: 'One link the caller manages' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.link(principal, id);
  }

  @Patch('links/:id')
  @ApiOperation({ summary: 'Change a link’s options; null removes a password, expiry or cap' })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: LinkOptionsDto,
  ) {
    await this.commands.update(principal, id, body);
    return this.queries.link(principal, id);
  }

  @Delete('links/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a link; the next request with its token is rejected' })
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ) {
    await this.commands.revoke(principal, id);
  }

  @Get('links/:id/accesses')
  @ApiOperation({ summary: 'Every access through a link, allowed or denied, newest first' })
  accesses(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @Query('before') before?: string,
  ) {
    return this.queries.accesses(principal, id, { limit, before });
  }

  @Get('shares/:shareId/link-accesses')
  @ApiOperation({ summary: 'Every access through the links into a share, newest first' })
  shareAccesses(
    @CurrentPrincipal() principal: Principal,
    @Param('shareId', new ParseUUIDPipe()) shareId: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @Query('before') before?: string,
  ) {
    return this.queries.shareAccesses(principal, shareId, { limit, before });
  }
}
