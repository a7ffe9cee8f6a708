import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Permission } from '@app/identity';
import { InboxService } from '@app/notifications';
import { User } from '../http/request-context';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/me/notifications')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @Permission('authenticated')
  @ApiOperation({ summary: 'My in-app notifications, newest first' })
  @ApiQuery({ name: 'unread', required: false })
  list(@User() user: CurrentUser, @Query('unread') unread?: string) {
    return this.inbox.list(user.id, unread === 'true');
  }

  @Post(':id/read')
  @HttpCode(204)
  @Permission('authenticated')
  async markRead(@User() user: CurrentUser, @Param('id') id: string) {
    await this.inbox.markRead(user.id, id);
  }
}
