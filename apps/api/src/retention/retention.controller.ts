import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_RETENTION_POLICY } from '@scaidrive/domain';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';
import { ReadYourWrites } from '../common/read-your-writes.js';
import { RetentionPolicyDto } from './retention-policy.dto.js';
import { RetentionQueries } from './retention-queries.js';
import { SetRetentionPolicyCommand } from './set-retention-policy.command.js';

@ApiTags('retention')
@ApiBearerAuth()
@Controller('api/v1/drives/:driveId/retention')
export class RetentionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: RetentionQueries,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The retention policy in effect for a drive the caller owns' })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('driveId', new ParseUUIDPipe()) driveId: string,
  ) {
    return this.queries.policy(principal, driveId);
  }

  @Put()
  @ApiOperation({
    summary: 'Replace the retention policy of a drive the caller owns',
    description:
      'A version other than the head is kept while it is one of the newest keepVersions ' +
      'versions or was replaced less than keepDays days ago. Without either rule every version ' +
      'is kept. Trash items are purged trashDays days after their deletion.',
  })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('driveId', new ParseUUIDPipe()) driveId: string,
    @Body() body: RetentionPolicyDto,
  ) {
    const policy = {
      keepVersions: body.keepVersions ?? null,
      keepDays: body.keepDays ?? null,
      trashDays: body.trashDays ?? DEFAULT_RETENTION_POLICY.trashDays,
    };
    const result = await this.commands.execute(
      new SetRetentionPolicyCommand(principal, driveId, policy),
    );
    await this.readYourWrites.wait(result.position);
    return this.queries.policy(principal, driveId);
  }
}
