import { Controller, Get, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/identity';
import { OfflineWorkflowService } from '@app/offline-sync';

@ApiTags('sync')
@ApiBearerAuth()
@Controller('api/sync/workflow')
export class OfflineWorkflowController {
  constructor(private readonly workflows: OfflineWorkflowService) {}

  @Get()
  @Permission('authenticated')
  @ApiOperation({
    summary:
      "The workflow of one published SOP version as the engine on a device needs it to offer transitions offline (steps, transitions with guards, forms' titles, time zone, places); no case data. A version never changes: keep one per version",
  })
  @ApiQuery({ name: 'version', description: "The SOP version id (a case's sopVersionId)", type: Number })
  bundle(@Query('version', ParseIntPipe) version: number) {
    return this.workflows.bundle(version);
  }
}
