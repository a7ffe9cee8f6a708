import { useEffect, useState } from 'react';
import type { CaseView } from '../components/case-actions/case-view';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';
import { currentSop, pick, SopSummary } from '../sop';
import { useApi } from '../use-api';

/** An answer as the form shows it: option labels, yes/no, dates in the pack's zone; lists joined. */
function answerText(schema: any, value: unknown, t: (k: string) => string): string {
  if (value === null || value === undefined || value === '') return '–';
  if (Array.isArray(value)) return value.map((v) => answerText(schema?.items, v, t)).join(', ');
  if (typeof value === 'boolean') return t(value ? 'followUp.yes' : 'followUp.no');
  const option = (schema?.oneOf ?? []).find((o: any) => o.const === value);
  return option?.title ?? String(value);
}

/**
 * A printable summary of a case: what the user may see of it (the same view as the case page, every
 * readable answer by its label), laid out for paper. Fetched with `purpose=print`, so the audit trail
 * records that a copy was printed (`case.printed`), not just that the case was read.
 */
export default function CasePrintPage({ id }: { id: string }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const view = useApi<CaseView>(`/api/cases/${id}?purpose=print`);
  const [sop, setSop] = useState<SopSummary | null>(null);
  useEffect(() => {
    currentSop(locale)
      .then(setSop)
      .catch(() => setSop(null));
  }, [locale]);

  if (view.loading && !view.data) return <Loading />;
  if (view.error || !view.data) return <Problem error={view.error} />;
  const c = view.data;
  const typeLabel = pick(sop?.manifest.caseTypes.find((x) => x.id === c.caseType)?.label, locale) || c.caseType;
  const forms = Object.entries(c.forms).filter(([, entries]) => entries.some((e) => Object.keys(e.answers).length > 0));
  return (
    <article className="card print-summary" aria-labelledby="print-title">
      <p className="no-print buttons">
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('print.print')}
        </button>
        <Link href={`/cases/${c.id}`}>{t('print.back')}</Link>
      </p>
      <h1 id="print-title">
        <bdi>{c.caseNumber}</bdi> {c.displayName && <bdi>{c.displayName}</bdi>}
      </h1>
      <dl className="facts">
        <dt>{t('print.caseType')}</dt>
        <dd>{typeLabel}</dd>
        <dt>{t('case.step')}</dt>
        <dd>{c.stepLabel}</dd>
        <dt>{t('case.status')}</dt>
        <dd>{t(`status.${c.status}`)}</dd>
        {c.riskLabel && (
          <>
            <dt>{t('case.risk')}</dt>
            <dd>{c.riskLabel}</dd>
          </>
        )}
        <dt>{t('case.registered')}</dt>
        <dd>{formatDateTime(c.registeredAt, locale, timeZone)}</dd>
        {c.assignedToName && (
          <>
            <dt>{t('case.assigned')}</dt>
            <dd>{c.assignedToName}</dd>
          </>
        )}
      </dl>
      {forms.map(([formId, entries]) => {
        const form = sop?.forms.find((f) => f.id === formId);
        const properties = form?.schema?.properties ?? {};
        return (
          <section key={formId} aria-labelledby={`print-${formId}`}>
            <h2 id={`print-${formId}`}>{pick(form?.title, locale) || formId}</h2>
            {entries.map((entry, i) => (
              <dl key={entry.id} className="answers">
                {entries.length > 1 && <p className="meta">{t('form.entry', { n: i + 1 })}</p>}
                {Object.entries(entry.answers).map(([field, value]) => (
                  <div key={field}>
                    <dt>{properties[field]?.title ?? field}</dt>
                    <dd dir="auto">{answerText(properties[field], value, t)}</dd>
                  </div>
                ))}
              </dl>
            ))}
          </section>
        );
      })}
      <p className="meta">{t('print.footer', { at: formatDateTime(new Date().toISOString(), locale, timeZone) })}</p>
    </article>
  );
}
