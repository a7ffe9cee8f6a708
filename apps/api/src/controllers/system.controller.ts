import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Permission } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';

/** Health. Sign-in, sessions and two-factor routes are in AuthController. */
@ApiTags('system')
@Controller('api')
export class SystemController {
  constructor(
    private readonly ds: DataSource,
    private readonly registry: SopRegistry,
  ) {}

  @Get('health')
  @Permission('public')
  @ApiOperation({ summary: 'Liveness and readiness: database reachable and an SOP published' })
  async health() {
    await this.ds.query('SELECT 1');
    const sop = await this.registry.current();
    return { status: 'ok', database: 'up', sop: { packId: sop.packId, version: sop.version } };
  }
}
