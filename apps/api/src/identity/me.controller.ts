import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: 'The caller, with its tenant and personal drive' })
  me(@CurrentPrincipal() principal: Principal) {
    return {
      userId: principal.userId,
      tenantId: principal.tenantId,
      name: principal.name,
      driveId: principal.driveId,
      rootFolderId: principal.rootFolderId,
    };
  }
}
