import type { CaseListRow } from '../../api-types';
import { FormEvent, useState } from 'react';
import { api } from '../../api';
import { Link } from '../../router';
import { useT } from '../../session';
import { Problem } from '../problem';
import type { CaseView } from './case-view';
import { missingChoices, RequiredChoice } from './choice';
import { StatusLine } from './status-line';
import { useAction, useSectionStatus } from './use-action';

/** The kinds of link the API knows (CASE_LINK_KINDS), but the notification a case follows, set at intake. */
const KINDS = ['sibling', 'household', 'same_family', 'related'] as const;

type Found = CaseListRow;

/** Cases linked to this one (those the user may read), and linking another: found by name or number, never by id. */
export function CaseLinks({ c, onDone }: { c: CaseView; onDone(): void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[] | null>(null);
  const [other, setOther] = useState('');
  const [kind, setKind] = useState('');
  const [kindMissing, setKindMissing] = useState(false);
  const [reason, setReason] = useState('');
  const search = useAction();
  const status = useSectionStatus();
  const link = useAction(status);
  if (c.links.length === 0 && !c.may.link) return null;
  const find = async (e: FormEvent) => {
    e.preventDefault();
    await search.run(async () => {
      const res = await api<{ items: Found[] }>('GET', `/api/cases?q=${encodeURIComponent(q.trim())}&pageSize=10`);
      const items = res.items.filter((x) => x.id !== c.id);
      setFound(items);
      setOther(items[0]?.id ?? '');
    }, '');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    status.say(null);
    const empty = missingChoices({ 'link-kind': kind }).length > 0;
    setKindMissing(empty);
    if (empty) return;
    const body = { caseId: other, kind, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    if (await link.run(() => api('POST', `/api/cases/${c.id}/links`, body), t('actions.linked'))) {
      setFound(null);
      setQ('');
      setReason('');
      setKind('');
      onDone();
    }
  };
  return (
    <section aria-labelledby="links-title" className="card links">
      <h2 id="links-title">{t('actions.links')}</h2>
      {c.links.length === 0 ? (
        <p className="meta">{t('actions.noLinks')}</p>
      ) : (
        <ul className="rows">
          {c.links.map((l) => (
            <li key={`${l.linkedCaseId}:${l.kind}`}>
              <Link href={`/cases/${l.linkedCaseId}`}>
                <bdi>{l.caseNumber}</bdi>
              </Link>
              <span className="meta">{t(`actions.linkKind.${l.kind}`)}</span>
            </li>
          ))}
        </ul>
      )}
      {c.may.link && (
        <details>
          <summary>{t('actions.addLink')}</summary>
          <form onSubmit={find} role="search" aria-label={t('actions.findCase')}>
            <div className="field">
              <label htmlFor="link-q">{t('home.searchLabel')}</label>
              <div className="inline">
                <input id="link-q" type="search" required value={q} onChange={(e) => setQ(e.target.value)} />
                <button type="submit" disabled={search.busy || !q.trim()}>
                  {t('home.searchButton')}
                </button>
              </div>
            </div>
          </form>
          <Problem error={search.error} />
          {found && found.length === 0 && (
            <p role="status" className="meta">
              {t('home.noResults')}
            </p>
          )}
          {found && found.length > 0 && (
            <form onSubmit={submit}>
              <fieldset className="field">
                <legend>{t('actions.linkTo')}</legend>
                {found.map((x) => (
                  <label key={x.id} className="choice">
                    <input type="radio" name="link-case" value={x.id} checked={other === x.id} onChange={() => setOther(x.id)} /> <bdi>{x.caseNumber}</bdi>{' '}
                    {x.displayName && <bdi>{x.displayName}</bdi>} <span className="meta">{x.stepLabel}</span>
                  </label>
                ))}
              </fieldset>
              <RequiredChoice
                id="link-kind"
                label={t('actions.linkKindLabel')}
                value={kind}
                options={KINDS.map((k) => [k, t(`actions.linkKind.${k}`)])}
                missing={kindMissing}
                onChange={(value) => {
                  setKind(value);
                  setKindMissing(false);
                }}
              />
              <div className="field">
                <label htmlFor="link-reason">{t('actions.linkReason')}</label>
                <input id="link-reason" maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
              </div>
              <button type="submit" className="primary" disabled={link.busy || !other}>
                {t('actions.link')}
              </button>
            </form>
          )}
        </details>
      )}
      <StatusLine status={status} />
      <Problem error={link.error} />
    </section>
  );
}
