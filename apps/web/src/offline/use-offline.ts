import { useEffect, useState, useSyncExternalStore } from 'react';
import { offlineStore, type OfflineSnapshot } from './offline-store';

/** The device's offline state, re-rendered on every change (status, queue, sync progress). */
export function useOffline(): OfflineSnapshot {
  return useSyncExternalStore(offlineStore.subscribe, offlineStore.snapshot);
}

/** Whether the browser says it has a connection (a hint: a request can still fail). */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}
