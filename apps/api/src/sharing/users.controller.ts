import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { type Principal } from '../auth/principal.js';
import { CurrentPrincipal } from '../common/current-principal.decorator.js';

/** The users of the caller's tenant, so that they can be added to groups and shares. */
@ApiTags('groups')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Users of the caller’s tenant, by name' })
  async list(@CurrentPrincipal() principal: Principal) {
    const rows: { id: string; display_name: string }[] = await this.dataSource.query(
      'SELECT id, display_name FROM users WHERE tenant_id = $1 ORDER BY display_name, id LIMIT 10000',
      [principal.tenantId],
    );
    return { items: rows.map((row) => ({ userId: row.id, name: row.display_name })) };
  }
}
