import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { useApp } from '../session';
import { currentSop, pick, type SopSummary } from '../sop';
import { useApi } from '../use-api';
import { WebhookDeliveries } from './webhook-deliveries';
import { eventTypeInWords, useWebhooksT, type Webhook, type WebhookList, type WebhookWithSecret } from './webhooks-texts';
import './webhooks.css';

/** The signing secret, shown once (at creation or rotation), with a button that copies it. */
function SecretOnce({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const t = useWebhooksT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  };
  return (
    <div className="card secret-once" role="alert">
      <h2>{t('webhooks.secretTitle', { name })}</h2>
      <p>{t('webhooks.secretOnce')}</p>
      <p>
        <code className="secret" dir="ltr">
          {secret}
        </code>
      </p>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          {t('webhooks.copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('webhooks.secretKept')}
        </button>
      </div>
      {copied && <p role="status">{t('webhooks.copied')}</p>}
    </div>
  );
}

/** Administrators subscribe receivers to case events; each payload is the case as the chosen role reads it. */
export default function WebhooksPage() {
  const t = useWebhooksT();
  const { locale, timeZone } = useApp();
  const list = useApi<WebhookList>('/api/admin/webhooks');
  const [sop, setSop] = useState<SopSummary | null>(null);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [roleId, setRoleId] = useState('');
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    currentSop(locale).then(setSop, setError);
  }, [locale]);

  const roleLabel = (id: string) => pick(sop?.roles.find((r) => r.id === id)?.label, locale) || id;

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const created = await api<WebhookWithSecret>('POST', '/api/admin/webhooks', { name, url, eventTypes: events, roleId });
      setSecret({ name: created.name, secret: created.secret });
      setName('');
      setUrl('');
      setEvents([]);
    });
  };
  const rotate = (w: Webhook) =>
    act(async () => {
      const rotated = await api<WebhookWithSecret>('POST', `/api/admin/webhooks/${encodeURIComponent(w.id)}/rotate`, {});
      setSecret({ name: rotated.name, secret: rotated.secret });
    });
  const setActive = (w: Webhook, active: boolean) =>
    act(async () => {
      await api('PUT', `/api/admin/webhooks/${encodeURIComponent(w.id)}`, { name: w.name, url: w.url, eventTypes: w.eventTypes, roleId: w.roleId, active });
    });

  if (list.error) return <Problem error={list.error} />;
  if (!list.data || !sop) return <Loading />;

  return (
    <div className="webhooks">
      <h1>{t('webhooks.title')}</h1>
      <p>{t('webhooks.intro')}</p>
      {secret && <SecretOnce name={secret.name} secret={secret.secret} onDone={() => setSecret(null)} />}
      {error !== null && <Problem error={error} />}

      <section aria-labelledby="webhooks-list-title">
        <h2 id="webhooks-list-title">{t('webhooks.listTitle')}</h2>
        {list.data.webhooks.length === 0 && <p>{t('webhooks.none')}</p>}
        <ul className="webhook-list">
          {list.data.webhooks.map((w) => (
            <li key={w.id} className="card">
              <h3>
                <bdi>{w.name}</bdi> <span className={w.active ? 'badge' : 'badge paused'}>{w.active ? t('webhooks.active') : t('webhooks.paused')}</span>
              </h3>
              <p className="url" dir="ltr">
                {w.url}
              </p>
              <p>
                {t('webhooks.readsAs')} <bdi>{roleLabel(w.roleId)}</bdi>
              </p>
              <p>{w.eventTypes.map((e) => eventTypeInWords(t, e)).join(', ')}</p>
              {w.rotationEndsAt && <p>{t('webhooks.rotating', { until: formatDateTime(w.rotationEndsAt, locale, timeZone) })}</p>}
              <div className="actions">
                <button type="button" disabled={busy} onClick={() => void rotate(w)}>
                  {t('webhooks.rotate')}
                  <span className="visually-hidden"> {w.name}</span>
                </button>
                <button type="button" disabled={busy} onClick={() => void setActive(w, !w.active)}>
                  {w.active ? t('webhooks.pause') : t('webhooks.resume')}
                  <span className="visually-hidden"> {w.name}</span>
                </button>
                <button type="button" aria-expanded={open === w.id} onClick={() => setOpen(open === w.id ? null : w.id)}>
                  {t('webhooks.showLog')}
                  <span className="visually-hidden"> {w.name}</span>
                </button>
              </div>
              {open === w.id && <WebhookDeliveries webhook={w} />}
            </li>
          ))}
        </ul>
      </section>

      <form className="card" onSubmit={create} aria-labelledby="webhook-new-title">
        <h2 id="webhook-new-title">{t('webhooks.newTitle')}</h2>
        <div className="field">
          <label htmlFor="webhook-name">{t('webhooks.name')}</label>
          <input id="webhook-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="webhook-url">{t('webhooks.url')}</label>
          <input id="webhook-url" type="url" required dir="ltr" value={url} onChange={(e) => setUrl(e.target.value)} aria-describedby="webhook-url-help" />
          <p id="webhook-url-help" className="meta">
            {t('webhooks.urlHelp')}
          </p>
        </div>
        <fieldset className="field">
          <legend>{t('webhooks.events')}</legend>
          {list.data.eventTypes.map((type) => (
            <label key={type} className="check">
              <input
                type="checkbox"
                checked={events.includes(type)}
                onChange={(e) => setEvents(e.target.checked ? [...events, type] : events.filter((x) => x !== type))}
              />{' '}
              {eventTypeInWords(t, type)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="webhook-role">{t('webhooks.role')}</label>
          <select id="webhook-role" required value={roleId} onChange={(e) => setRoleId(e.target.value)} aria-describedby="webhook-role-help">
            <option value="">{t('webhooks.chooseRole')}</option>
            {sop.roles.map((r) => (
              <option key={r.id} value={r.id}>
                {pick(r.label, locale)}
              </option>
            ))}
          </select>
          <p id="webhook-role-help" className="meta">
            {t('webhooks.roleHelp')}
          </p>
        </div>
        <div className="actions">
          <button type="submit" disabled={busy || events.length === 0}>
            {t('webhooks.create')}
          </button>
        </div>
      </form>
    </div>
  );
}
