import type { CaseConsents, CaseReferral } from '../api-types';
import { FormEvent, useState } from 'react';
import { api, ApiError } from '../api';
import { isolate } from './badges';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';
import { useApi } from '../use-api';
import { missingChoices, RequiredChoice } from './case-actions/choice';
import { StatusLine } from './case-actions/status-line';
import { useAction, useSectionStatus } from './case-actions/use-action';
import { Problem } from './problem';

type ConsentView = CaseConsents;
type ReferralView = CaseReferral;

/** Consent and assent per purpose, as recorded; hidden from roles that may not read consent. */
export function ConsentRecords({ caseId, version }: { caseId: string; version: number }) {
  const t = useT();
  const consents = useApi<ConsentView>(`/api/cases/${caseId}/consents?v=${version}`);
  if (consents.error instanceof ApiError && consents.error.status === 403) return null;
  return (
    <section aria-labelledby="consent-title" className="card">
      <h2 id="consent-title">{t('case.consent')}</h2>
      {consents.error ? (
        <Problem error={consents.error} />
      ) : (
        consents.data && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('case.purpose')}</th>
                  <th scope="col">{t('case.consentState')}</th>
                  {consents.data.assent && <th scope="col">{t('case.assentState')}</th>}
                </tr>
              </thead>
              <tbody>
                {consents.data.purposes.map((p) => (
                  <tr key={p.purpose}>
                    <th scope="row">{p.label}</th>
                    <td>{t(`consent.${p.consent}`)}</td>
                    {consents.data!.assent && <td>{t(`consent.${p.assent}`)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      )}
      {consents.data?.mayRecord && <RecordConsent caseId={caseId} view={consents.data} onDone={consents.reload} />}
    </section>
  );
}

/**
 * Records a consent or assent decision: who gave it, how, for which purpose (the server checks the
 * rest). Every choice starts empty, so nothing is recorded the user did not choose; a choice left
 * empty is said beside it and nothing is sent.
 */
function RecordConsent({ caseId, view, onDone }: { caseId: string; view: ConsentView; onDone(): void }) {
  const t = useT();
  const empty = { purpose: '', kind: view.assent ? '' : 'consent', decision: '', givenBy: '', method: '' };
  const [form, setForm] = useState(empty);
  const [missing, setMissing] = useState<string[]>([]);
  const status = useSectionStatus();
  const record = useAction(status);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    status.say(null);
    const empties = missingChoices(Object.fromEntries(Object.entries(form).map(([k, v]) => [`consent-${k}`, v])));
    setMissing(empties);
    if (empties.length > 0) return;
    if (await record.run(() => api('POST', `/api/cases/${caseId}/consents`, form), t('consent.recorded'))) {
      setForm(empty);
      onDone();
    }
  };
  const select = (id: keyof typeof form, options: Array<[string, string]>) => (
    <RequiredChoice
      id={`consent-${id}`}
      label={t(`consent.field.${id}`)}
      value={form[id]}
      options={options}
      missing={missing.includes(`consent-${id}`)}
      onChange={(value) => {
        setForm({ ...form, [id]: value });
        setMissing(missing.filter((m) => m !== `consent-${id}`));
      }}
    />
  );
  return (
    <details className="record-consent">
      <summary>{t('consent.record')}</summary>
      <form onSubmit={submit} noValidate>
        {select(
          'purpose',
          view.purposes.map((p) => [p.purpose, p.label]),
        )}
        {view.assent &&
          select('kind', [
            ['consent', t('consent.kind.consent')],
            ['assent', t('consent.kind.assent')],
          ])}
        {select(
          'decision',
          ['granted', 'refused', 'withdrawn'].map((d) => [d, t(`consent.${d}`)]),
        )}
        {select(
          'givenBy',
          view.givers.map((g) => [g, view.giverLabels?.[g] ?? t(`consent.giver.${g}`)]),
        )}
        {select(
          'method',
          view.methods.map((m) => [m, t(`consent.method.${m}`) === `consent.method.${m}` ? m : t(`consent.method.${m}`)]),
        )}
        <button type="submit" className="primary" disabled={record.busy}>
          {t('consent.save')}
        </button>
        <StatusLine status={status} />
        <Problem error={record.error} />
      </form>
    </details>
  );
}

/** The case's referrals: service, provider, status and response time. `stamp` changes when one is made (the case's version does not). */
export function Referrals({ caseId, stamp }: { caseId: string; stamp: string }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const referrals = useApi<ReferralView[]>(`/api/cases/${caseId}/referrals?v=${stamp}`);
  if (referrals.error) return null;
  if (!referrals.data || referrals.data.length === 0) return null;
  return (
    <section aria-labelledby="referrals-title" className="card">
      <h2 id="referrals-title">{t('case.referrals')}</h2>
      <ul className="rows">
        {referrals.data.map((r) => (
          <li key={r.id}>
            <Link href={`/referrals/${r.id}`}>
              <strong>{r.serviceType.label}</strong>
            </Link>{' '}
            <span>{r.provider.name}</span>
            <span className={`badge${r.overdue ? ' deadline-overdue' : ''}`}>
              {t(`referral.${r.status}`)}
              {r.overdue ? ` · ${t('deadline.overdue')}` : ''}
            </span>
            {r.respondBy && r.status === 'sent' && (
              <span className="meta">{t('case.answerBy', { at: isolate(formatDateTime(r.respondBy, locale, timeZone)) })}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
