export { NotificationsModule } from './notifications.module';
export { InboxService } from './inbox.service';
export type { InboxMessage } from './inbox.repository';
