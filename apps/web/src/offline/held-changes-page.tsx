import { useEffect, useRef, useState } from 'react';
import { Loading, Problem } from '../components/problem';
import { Link } from '../router';
import { useApp } from '../session';
import { currentSop } from '../sop';
import { useApi } from '../use-api';
import { HeldChangeCard } from './held-change-card';
import { announceHeldChanged } from './held-nav-link';
import { useHeldT } from './held-texts';
import { HeldChange, HeldNames, namesFromPack, ownHeld, TeamHeldChange, teamHeld } from './held-words';
import './held.css';

/**
 * "Changes waiting for review": the offline changes the server held at sync (a conflict, the case
 * moved on, a refusal...), each with its reason in words and what can be done with it; a
 * supervisor's tab shows their team's. Nothing held is dropped silently: it is settled here.
 */
export default function HeldChangesPage({ team: teamAsked }: { team: boolean }) {
  const t = useHeldT();
  const { locale, me } = useApp();
  // The server lets a supervisor of a team review it exactly when it lets them see the team's deadlines: asking
  // GET ?scope=team of anyone else would only be an audited refusal (no request the user may not make).
  const mayReviewTeam = !!me?.capabilities?.teamDeadlines;
  const team = teamAsked && mayReviewTeam;
  const list = useApi<{ held: Array<HeldChange | TeamHeldChange> }>(team ? '/api/sync/held?scope=team' : '/api/sync/held');
  const [names, setNames] = useState<HeldNames>(() => namesFromPack(null, locale));
  const [status, setStatus] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let live = true;
    currentSop(locale)
      .then((sop) => live && setNames(namesFromPack(sop, locale)))
      .catch(() => live && setNames(namesFromPack(null, locale)));
    return () => {
      live = false;
    };
  }, [locale]);

  // After an action the list is asked again and the menu's count follows; focus goes to what happened (the card is gone).
  const done = (message: string) => {
    setStatus(message);
    list.reload();
    announceHeldChanged();
    statusRef.current?.focus();
  };

  const held = (list.data?.held ?? []).map((h) => ('change' in h ? ownHeld(h) : teamHeld(h as TeamHeldChange)));
  return (
    <div className="held-changes">
      <h1>{t('held.title')}</h1>
      <p>{t('held.intro')}</p>
      {mayReviewTeam && (
        <nav aria-label={t('held.tabs')} className="held-tabs">
          <Link href="/sync/held" aria-current={team ? undefined : 'page'}>
            {t('held.tab.mine')}
          </Link>
          <Link href="/sync/held?scope=team" aria-current={team ? 'page' : undefined}>
            {t('held.tab.team')}
          </Link>
        </nav>
      )}
      <p role="status" aria-live="polite" className="saved" ref={statusRef} tabIndex={-1}>
        {status}
      </p>
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <Problem error={list.error} />
      ) : held.length === 0 ? (
        <p>{t(team ? 'held.emptyTeam' : 'held.empty')}</p>
      ) : (
        <>
          <p className="meta">{t('held.count', { n: held.length })}</p>
          {held.map((h) => (
            <HeldChangeCard key={h.key} held={h} names={names} onDone={done} />
          ))}
        </>
      )}
    </div>
  );
}
