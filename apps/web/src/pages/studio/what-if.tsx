import { FormEvent, useState } from 'react';
import { api } from '../../api';
import type { ApiSchemas } from '../../api-types';
import { Problem } from '../../components/problem';
import { formatDate } from '../../i18n';
import { pick } from '../../sop';
import type { DraftView } from './draft-model';
import type { StudioT } from './studio-texts';
import { useWhatIfT } from './what-if-texts';
import './studio-what-if.css';

type WhatIfResult = ApiSchemas['WhatIfResult'];
type WhatIfDeadline = ApiSchemas['WhatIfDeadline'];
type Figures = WhatIfDeadline['published'];
type Counts = NonNullable<Figures['counts']>;

const ROWS = ['due', 'met', 'late', 'missed', 'stillOpen'] as const;

/** The places a period can be narrowed to: the first level below the country (Moldova's districts), by name. */
function places(draft: DraftView, locale: string): Array<{ code: string; name: string }> {
  const root = (draft.files as Record<string, any>)['locations.json']?.root;
  return ((root?.children ?? []) as Array<{ code: string; name: Record<string, string> }>)
    .map((c) => ({ code: c.code, name: pick(c.name, locale) || c.code }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * "What if" over history: the draft's deadlines applied to the real cases of a chosen period, beside
 * the published ones: counts only, small numbers hidden (in words) on each side and in the change.
 */
export function WhatIf({ draft, locale }: { draft: DraftView; locale: string }) {
  const t = useWhatIfT();
  const today = new Date();
  const [from, setFrom] = useState(day(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 3, 1))));
  const [to, setTo] = useState(day(today));
  const [place, setPlace] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ revision: number; body: WhatIfResult } | null>(null);
  const choices = places(draft, locale);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = await api<WhatIfResult>('POST', `/api/sop/drafts/${draft.id}/what-if`, { from, to, ...(place ? { location: place } : {}) });
      setResult({ revision: draft.revision, body });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h2 id="studio-what-if-title">{t('whatIf.title')}</h2>
      <p>{t('whatIf.intro')}</p>
      <form className="studio-what-if-form" onSubmit={(e) => void run(e)} aria-busy={busy}>
        <label>
          {t('whatIf.from')}
          <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('whatIf.to')}
          <input type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('whatIf.place')}
          <select value={place} onChange={(e) => setPlace(e.target.value)}>
            <option value="">{t('whatIf.everywhere')}</option>
            {choices.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {t('whatIf.run')}
        </button>
      </form>
      <div aria-live="polite">{busy && <p role="status">{t('whatIf.running')}</p>}</div>
      {error ? <Problem error={error} /> : null}
      {result && !busy && <WhatIfFigures result={result.body} stale={result.revision !== draft.revision} revision={result.revision} locale={locale} t={t} />}
    </>
  );
}

function WhatIfFigures({ result, stale, revision, locale, t }: { result: WhatIfResult; stale: boolean; revision: number; locale: string; t: StudioT }) {
  const place = result.location?.label ?? t('whatIf.everywhere');
  const nothing = (f: Figures) => !f.suppressed && f.counts?.due === 0;
  const shownRows = result.deadlines.filter((d) => !(nothing(d.published) && nothing(d.draft)));
  const quiet = result.deadlines.filter((d) => nothing(d.published) && nothing(d.draft));
  return (
    <div className="studio-what-if-result" data-revision={revision}>
      <h3>{t('whatIf.resultFor', { from: formatDate(result.period.from, locale), to: formatDate(result.period.to, locale), place })}</h3>
      <p>
        {t('whatIf.computedAt', { revision })} {t('whatIf.suppression', { max: result.smallCellThreshold - 1 })}
      </p>
      {stale && (
        <p role="status" className="severity-warning">
          {t('whatIf.stale')}
        </p>
      )}
      {shownRows.map((d) => (
        <DeadlineTable key={d.deadline} d={d} locale={locale} t={t} />
      ))}
      {quiet.length > 0 && <p>{t('whatIf.noneDue', { list: quiet.map((d) => d.label).join(', ') })}</p>}
    </div>
  );
}

function DeadlineTable({ d, locale, t }: { d: WhatIfDeadline; locale: string; t: StudioT }) {
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const hidden = <em className="studio-what-if-hidden">{t('whatIf.hidden')}</em>;
  const count = (f: Figures, k: (typeof ROWS)[number]) => (f.suppressed || !f.counts ? hidden : n.format(f.counts[k]));
  const share = (f: Figures) =>
    f.suppressed ? hidden : f.keptOnTimePercent === null ? t('whatIf.none') : t('whatIf.percent', { n: n.format(f.keptOnTimePercent) });
  const signed = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const countChange = (k: keyof Counts) => {
    if (d.change.suppressed || !d.change.counts) return hidden;
    const v = d.change.counts[k];
    if (v === 0) return t('whatIf.same');
    return `${signed.format(v)} (${t(v > 0 ? 'whatIf.more' : 'whatIf.fewer', { n: n.format(Math.abs(v)) })})`;
  };
  const pointsChange = () => {
    if (d.change.suppressed) return hidden;
    const v = d.change.keptOnTimePoints;
    if (v === null) return '—';
    if (v === 0) return t('whatIf.same');
    return `${signed.format(v)} (${t(v > 0 ? 'whatIf.pointsUp' : 'whatIf.pointsDown', { n: n.format(Math.abs(v)) })})`;
  };
  const note = !d.inDraft ? t('whatIf.notInDraft') : !d.inPublished ? t('whatIf.newInDraft') : null;
  return (
    // Focusable, so a table wider than a phone can be scrolled from the keyboard.
    <div className="studio-what-if-table" role="region" aria-label={d.label} tabIndex={0}>
      <table>
        <caption>
          <bdi>{d.label}</bdi>
          {note && ` (${note})`}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('whatIf.figure')}</th>
            <th scope="col">{t('whatIf.published')}</th>
            <th scope="col">{t('whatIf.draft')}</th>
            <th scope="col">{t('whatIf.change')}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((k) => (
            <tr key={k} data-figure={k}>
              <th scope="row">{t(`whatIf.row.${k}`)}</th>
              <td data-label={t('whatIf.published')}>{count(d.published, k)}</td>
              <td data-label={t('whatIf.draft')}>{count(d.draft, k)}</td>
              <td data-label={t('whatIf.change')}>{countChange(k)}</td>
            </tr>
          ))}
          <tr data-figure="percent">
            <th scope="row">{t('whatIf.row.percent')}</th>
            <td data-label={t('whatIf.published')}>{share(d.published)}</td>
            <td data-label={t('whatIf.draft')}>{share(d.draft)}</td>
            <td data-label={t('whatIf.change')}>{pointsChange()}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
