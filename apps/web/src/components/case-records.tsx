import { formatDateTime } from '../i18n';
import { useApp, useT } from '../session';
import { useApi } from '../use-api';
import { ApiError } from '../api';
import { Problem } from './problem';

interface ConsentView {
  purposes: Array<{ purpose: string; label: string; consent: string; assent: string }>;
  records: Array<{ id: string; purpose: string; kind: string; decision: string; givenBy: string; method: string; givenAt: string }>;
}
interface ReferralView {
  id: string; status: string; serviceType: { label: string }; provider: { name: string }; sentAt: string | null; respondBy: string | null; overdue: boolean;
}

/** Consent and assent per purpose, as recorded; hidden from roles that may not read consent. */
export function ConsentRecords({ caseId, version }: { caseId: string; version: number }) {
  const t = useT();
  const consents = useApi<ConsentView>(`/api/cases/${caseId}/consents?v=${version}`);
  if (consents.error instanceof ApiError && consents.error.status === 403) return null;
  return (
    <section aria-labelledby="consent-title" className="card">
      <h2 id="consent-title">{t('case.consent')}</h2>
      {consents.error ? <Problem error={consents.error} /> : consents.data && (
        <div className="table-wrap">
          <table>
            <thead><tr><th scope="col">{t('case.purpose')}</th><th scope="col">{t('case.consentState')}</th><th scope="col">{t('case.assentState')}</th></tr></thead>
            <tbody>
              {consents.data.purposes.map((p) => (
                <tr key={p.purpose}><th scope="row">{p.label}</th><td>{t(`consent.${p.consent}`)}</td><td>{t(`consent.${p.assent}`)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The case's referrals: service, provider, status and response time. */
export function Referrals({ caseId, version }: { caseId: string; version: number }) {
  const t = useT();
  const { locale } = useApp();
  const referrals = useApi<ReferralView[]>(`/api/cases/${caseId}/referrals?v=${version}`);
  if (referrals.error) return null;
  if (!referrals.data || referrals.data.length === 0) return null;
  return (
    <section aria-labelledby="referrals-title" className="card">
      <h2 id="referrals-title">{t('case.referrals')}</h2>
      <ul className="rows">
        {referrals.data.map((r) => (
          <li key={r.id}>
            <strong>{r.serviceType.label}</strong> <span>{r.provider.name}</span>
            <span className={`badge${r.overdue ? ' deadline-overdue' : ''}`}>{t(`referral.${r.status}`)}{r.overdue ? ` · ${t('deadline.overdue')}` : ''}</span>
            {r.respondBy && r.status === 'sent' && <span className="meta">{t('case.answerBy', { at: formatDateTime(r.respondBy, locale) })}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
