import { Link } from '../router';
import { useOfflineT } from './offline-texts';
import { useOffline, useOnline } from './use-offline';

/** The menu's way to offline work: what waits to be sent, or the sync's progress, at a glance. */
export function OfflineIndicator() {
  const t = useOfflineT();
  const { status, queued, sync } = useOffline();
  const online = useOnline();
  let text = t('offline.nav');
  if (status !== 'none') {
    if (sync.running) text = t('offline.navSyncing', { done: sync.done, total: sync.total });
    else if (queued > 0) text = t('offline.navQueued', { n: queued });
    else if (!online) text = t('offline.navOffline');
  }
  return (
    <Link href="/offline" className={status !== 'none' && (!online || queued > 0) ? 'offline-pending' : undefined}>
      {text}
    </Link>
  );
}
