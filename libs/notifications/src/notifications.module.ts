import { Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { ChannelRegistry } from './channels/channel-registry';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';
import { Messenger } from './messenger';
import { OutboxAdminService } from './outbox-admin.service';
import { OutboxDispatcher } from './outbox-dispatcher';
import { OutboxRepository } from './outbox.repository';

@Module({
  imports: [ConfigModule],
  providers: [InboxRepository, InboxService, OutboxRepository, ChannelRegistry, Messenger, OutboxDispatcher, OutboxAdminService],
  exports: [InboxService, OutboxRepository, ChannelRegistry, Messenger, OutboxDispatcher, OutboxAdminService],
})
export class NotificationsModule {}
