import type { ServiceDirectory } from '../../api-types';
import { FormEvent, useEffect, useState } from 'react';
import { api, ApiError } from '../../api';
import { vocabularyOf } from '../../case-vocabulary';
import { useApp, useT } from '../../session';
import { currentSop, pick, SopSummary } from '../../sop';
import { useApi } from '../../use-api';
import { Problem } from '../problem';
import type { CaseView } from './case-view';
import { useAction } from './use-action';

/** The service directory for the case's place and type (GET /api/services). */
type Directory = ServiceDirectory;

/** Past this many providers of a service, a search by name keeps the list short on a phone. */
const SEARCH_FROM = 6;

/**
 * A referral from the service directory: a service, a provider covering the case's place, the
 * sections to share (within the service type's limits, only forms the user may see), urgency and
 * reason. The server checks the consent the pack requires, or takes an override reason.
 */
export function ReferCase({ c, onDone }: { c: CaseView; onDone(): void }) {
  const t = useT();
  const { locale } = useApp();
  const [open, setOpen] = useState(false);
  const [sop, setSop] = useState<SopSummary | null>(null);
  const directory = useApi<Directory>(open ? `/api/services?location=${encodeURIComponent(c.locationCode)}&caseType=${encodeURIComponent(c.caseType)}` : null);
  const [serviceId, setServiceId] = useState('');
  const [providerId, setProviderId] = useState('');
  const [query, setQuery] = useState('');
  const [forms, setForms] = useState<string[]>([]);
  const [urgency, setUrgency] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState('');
  const send = useAction();
  useEffect(() => {
    if (!open) return;
    let live = true;
    currentSop(locale)
      .then((s) => live && setSop(s))
      .catch(() => live && setSop(null));
    return () => {
      live = false;
    };
  }, [open, locale]);

  const providers = directory.data?.providers ?? [];
  // Only services some provider here offers: the others could not be sent anywhere.
  const services = (directory.data?.serviceTypes ?? []).filter((s) => providers.some((p) => p.serviceTypes.includes(s.id)));
  const service = services.find((s) => s.id === serviceId);
  const offering = providers.filter((p) => p.serviceTypes.includes(serviceId));
  const shown = offering.filter((p) => !query.trim() || p.name.toLocaleLowerCase(locale).includes(query.trim().toLocaleLowerCase(locale)));
  const provider = offering.find((p) => p.id === providerId);
  const required = service?.referral?.minForms ?? [];
  // The sections the service type allows, of which the user may see something on this case.
  const allowed = (service?.referral?.maxForms ?? sop?.forms.map((f) => f.id) ?? []).filter((f) => c.may.forms.includes(f) || required.includes(f));
  const formTitle = (id: string) => pick(sop?.forms.find((f) => f.id === id)?.title, locale) || id;
  const urgencies: Array<{ value: string; label: Record<string, string> }> = sop?.optionLists?.urgency_levels ?? [];
  const vocabulary = sop ? vocabularyOf(sop, locale) : null;
  const consentMissing = send.error instanceof ApiError && send.error.code === 'consent_missing';

  const chooseService = (id: string) => {
    setServiceId(id);
    setProviderId('');
    setQuery('');
    setForms(services.find((s) => s.id === id)?.referral?.minForms ?? []);
  };
  const toggle = (formId: string, on: boolean) => setForms((now) => (on ? [...now, formId] : now.filter((f) => f !== formId)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      serviceType: serviceId,
      providerId,
      forms: allowed.filter((f) => forms.includes(f)),
      reason: reason.trim(),
      ...(urgency ? { urgency } : {}),
      ...(override.trim() ? { consentOverrideReason: override.trim() } : {}),
    };
    // The server sends it at once unless the service type needs authorisation first.
    const done = t(service?.referral?.requiresAuthorisation ? 'refer.doneAwaiting' : 'refer.doneSent', {
      service: service?.label ?? '',
      provider: provider?.name ?? '',
    });
    if (await send.run(() => api('POST', `/api/cases/${c.id}/referrals`, body), done)) {
      chooseService('');
      setUrgency('');
      setReason('');
      setOverride('');
      onDone();
    }
  };
  const toConsent = () => {
    // The Consent section's own "record consent" control, else its heading.
    const target = document.querySelector<HTMLElement>('.record-consent summary') ?? document.getElementById('consent-title');
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
  };

  return (
    <section aria-labelledby="refer-title" className="card refer">
      <h2 id="refer-title">{t('refer.title')}</h2>
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>{t('refer.open')}</summary>
        {directory.error && <Problem error={directory.error} />}
        {directory.data && services.length === 0 && (
          <p className="meta">{t('refer.noService', { place: vocabulary?.label('locations', c.locationCode) ?? c.locationCode })}</p>
        )}
        {services.length > 0 && (
          <form onSubmit={submit}>
            <div className="field">
              <label htmlFor="refer-service">{t('refer.service')}</label>
              <select id="refer-service" required value={serviceId} onChange={(e) => chooseService(e.target.value)}>
                <option value="">{t('refer.choose')}</option>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
              {service?.description && <p className="meta">{service.description}</p>}
              {service?.referral?.requiresAuthorisation && <p className="meta">{t('refer.needsAuthorisation')}</p>}
            </div>
            {service && (
              <>
                {offering.length >= SEARCH_FROM && (
                  <div className="field">
                    <label htmlFor="refer-provider-q">{t('refer.findProvider')}</label>
                    <input id="refer-provider-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
                  </div>
                )}
                <fieldset className="field">
                  <legend>{t('refer.provider')}</legend>
                  {shown.length === 0 && <p className="meta">{t('refer.noProvider')}</p>}
                  {shown.map((p) => (
                    <label key={p.id} className="choice">
                      <input type="radio" name="refer-provider" value={p.id} required checked={providerId === p.id} onChange={() => setProviderId(p.id)} />
                      <span>
                        <strong>{p.name}</strong>{' '}
                        <span className="meta">
                          {t('refer.covers', { places: p.locations.map((l) => vocabulary?.label('locations', l) ?? l).join(', ') })}
                          {p.contact?.phone ? ` · ${p.contact.phone}` : ''}
                          {!p.usesPlatform ? ` · ${t('refer.offPlatform')}` : ''}
                        </span>
                      </span>
                    </label>
                  ))}
                </fieldset>
                <fieldset className="field">
                  <legend>{t('refer.sections')}</legend>
                  <p className="meta">
                    {required.length > 0 ? `${t('refer.alwaysShared', { forms: required.map(formTitle).join(', ') })} ` : ''}
                    {t('refer.sensitiveNever')}
                  </p>
                  {allowed.map((f) => (
                    <label key={f} className="choice">
                      <input
                        type="checkbox"
                        name="refer-forms"
                        value={f}
                        checked={forms.includes(f)}
                        disabled={required.includes(f)}
                        onChange={(e) => toggle(f, e.target.checked)}
                      />{' '}
                      {formTitle(f)}
                    </label>
                  ))}
                </fieldset>
                {urgencies.length > 0 && (
                  <div className="field">
                    <label htmlFor="refer-urgency">{t('refer.urgency')}</label>
                    <select id="refer-urgency" value={urgency} onChange={(e) => setUrgency(e.target.value)}>
                      <option value="">{t('refer.urgencyNotSaid')}</option>
                      {urgencies.map((o) => (
                        <option key={o.value} value={o.value}>
                          {pick(o.label, locale)}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
                <div className="field">
                  <label htmlFor="refer-reason">{t('refer.reason')}</label>
                  <textarea id="refer-reason" required minLength={3} maxLength={4000} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
                </div>
                {consentMissing && (
                  <div role="alert" className="problem">
                    <p>{t(c.may.overrideConsent ? 'refer.consentMissingOverride' : 'refer.consentMissing')}</p>
                    {c.may.readConsent && (
                      <button type="button" className="link" onClick={toConsent}>
                        {t('refer.toConsent')}
                      </button>
                    )}
                  </div>
                )}
                {consentMissing && c.may.overrideConsent && (
                  <div className="field">
                    <label htmlFor="refer-override">{t('refer.overrideReason')}</label>
                    <textarea id="refer-override" required maxLength={2000} rows={3} value={override} onChange={(e) => setOverride(e.target.value)} />
                  </div>
                )}
                <button type="submit" className="primary" disabled={send.busy || !provider || forms.length === 0 || reason.trim().length < 3}>
                  {t('refer.send')}
                </button>
              </>
            )}
          </form>
        )}
        {!consentMissing && <Problem error={send.error} />}
      </details>
      <p role="status" aria-live="polite" className="saved">
        {send.done}
      </p>
    </section>
  );
}
