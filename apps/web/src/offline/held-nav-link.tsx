import { useEffect, useState } from 'react';
import { api } from '../api';
import { Link } from '../router';
import { useHeldT } from './held-texts';
import type { HeldChange } from './held-words';

const HELD_CHANGED = 'cmis:held-changed';

/** Tells the menu's count that a held change was settled (the page does not change address when it is). */
export function announceHeldChanged(): void {
  window.dispatchEvent(new Event(HELD_CHANGED));
}

/**
 * The menu's link to the changes waiting for review, with how many there are: shown only when some
 * are waiting, so a user sees that held work needs them. Asked again on each new page (`path`), so
 * the count follows what was settled elsewhere too.
 */
export function HeldNavLink({ path }: { path: string }) {
  const t = useHeldT();
  const [count, setCount] = useState(0);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    const again = () => setAsked((n) => n + 1);
    window.addEventListener(HELD_CHANGED, again);
    return () => window.removeEventListener(HELD_CHANGED, again);
  }, []);
  useEffect(() => {
    let live = true;
    api<{ held: HeldChange[] }>('GET', '/api/sync/held')
      .then((r) => live && setCount(r.held.length))
      .catch(() => live && setCount(0));
    return () => {
      live = false;
    };
  }, [path, asked]);
  if (count === 0) return null;
  return <Link href="/sync/held">{t('held.nav', { n: count })}</Link>;
}
