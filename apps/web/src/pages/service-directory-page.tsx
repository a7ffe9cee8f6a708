import { FormEvent, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import type { ApiResponse } from '../api-types';
import { AccountT, useAccountT } from '../account-texts';
import { AccountField, fieldMessages } from '../components/account-field';
import { Loading, Problem } from '../components/problem';
import { LOCALES } from '../i18n';
import { useApp } from '../session';
import { currentSop, pick, SopSummary } from '../sop';
import { useApi } from '../use-api';

type Provider = ApiResponse<'ServiceDirectoryController_adminList'>['providers'][number];
type Directory = ApiResponse<'ServiceDirectoryController_list'>;
type Place = { code: string; label: string };

/** The pack's places, each named with the place it is in (a community's district), top first. */
function placesOf(sop: SopSummary, locale: string): Place[] {
  const out: Place[] = [];
  const walk = (node: SopSummary['locations']['root'], parent: string | null) => {
    const name = pick(node.name, locale);
    out.push({ code: node.code, label: parent ? `${name} (${parent})` : name });
    for (const child of node.children ?? []) walk(child, name);
  };
  walk(sop.locations.root, null);
  return out;
}

const EMPTY = {
  id: '',
  names: {} as Record<string, string>,
  serviceTypes: [] as string[],
  locations: [] as string[],
  agency: '',
  phone: '',
  email: '',
  address: '',
  person: '',
};
type Draft = typeof EMPTY;

function draftOf(p: Provider): Draft {
  return {
    id: p.id,
    names: { ...(p.name as Record<string, string>) },
    serviceTypes: [...p.serviceTypes],
    locations: [...p.locations],
    agency: p.agency ?? '',
    phone: p.contact?.phone ?? '',
    email: p.contact?.email ?? '',
    address: p.contact?.address ?? '',
    person: p.contact?.person ?? '',
  };
}

/** The provider as the API takes it: what the form does not show (case types, withdrawn) is kept from before. */
function bodyOf(d: Draft, before: Provider | null) {
  const nonEmpty = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v.trim() !== ''));
  const contact = nonEmpty({ phone: d.phone, email: d.email, address: d.address, person: d.person });
  const rest = before ? Object.fromEntries(Object.entries(before).filter(([k]) => ['caseTypes', 'active'].includes(k))) : {};
  return {
    ...rest,
    id: d.id.trim(),
    name: nonEmpty(d.names),
    serviceTypes: d.serviceTypes,
    locations: d.locations,
    ...(d.agency ? { agency: d.agency, usesPlatform: before?.usesPlatform ?? true } : {}),
    ...(Object.keys(contact).length ? { contact } : {}),
  };
}

/** Administrators of the service directory: add, correct and withdraw the providers cases are referred to. */
export default function ServiceDirectoryPage() {
  const t = useAccountT();
  const { locale } = useApp();
  const providers = useApi<{ providers: Provider[] }>('/api/admin/services/providers');
  const directory = useApi<Directory>('/api/services');
  const [sop, setSop] = useState<SopSummary | null>(null);
  const [editing, setEditing] = useState<{ before: Provider | null } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    currentSop(locale).then(setSop, setError);
  }, [locale]);
  if (providers.loading || directory.loading || (!sop && !error)) return <Loading />;
  if (providers.error || directory.error || !sop || !providers.data || !directory.data) return <Problem error={providers.error ?? directory.error ?? error} />;

  const places = placesOf(sop, locale);
  const placeName = new Map(places.map((p) => [p.code, p.label]));
  const typeName = new Map(directory.data.serviceTypes.map((s) => [s.id, s.label]));
  const name = (p: Provider) => pick(p.name as Record<string, string>, locale);
  const withdraw = async (p: Provider) => {
    if (!window.confirm(t('directory.withdrawConfirm', { name: name(p) }))) return;
    setError(null);
    try {
      await api('POST', `/api/admin/services/providers/${encodeURIComponent(p.id)}/withdraw`);
      setDone(t('directory.withdrawnDone', { name: name(p) }));
      providers.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="directory-title">
      <h1 id="directory-title">{t('directory.title')}</h1>
      <p>{t('directory.intro')}</p>
      {done && (
        <p role="status" className="saved">
          {done}
        </p>
      )}
      <Problem error={error} />
      {editing ? (
        <ProviderForm
          // One form per provider: 'Correct' on another while one is open starts from that one's details.
          key={editing.before?.id ?? ''}
          t={t}
          sop={sop}
          places={places}
          serviceTypes={directory.data.serviceTypes}
          before={editing.before}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setDone(t('directory.saved', { name: saved }));
            providers.reload();
          }}
        />
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => {
            setDone(null);
            setEditing({ before: null });
          }}
        >
          {t('directory.add')}
        </button>
      )}
      <div className="table-wrap" role="region" aria-labelledby="directory-title" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('directory.provider')}</th>
              <th scope="col">{t('directory.services')}</th>
              <th scope="col">{t('directory.places')}</th>
              <th scope="col">{t('directory.contact')}</th>
              <th scope="col">{t('directory.status')}</th>
              <th scope="col">{t('directory.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {providers.data.providers.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <bdi>{name(p)}</bdi>
                </th>
                <td>{p.serviceTypes.map((s) => typeName.get(s) ?? s).join(', ')}</td>
                <td>{p.locations.map((l) => placeName.get(l) ?? l).join(', ')}</td>
                <td>
                  <bdi>{[p.contact?.phone, p.contact?.email].filter(Boolean).join(' · ')}</bdi>
                </td>
                <td>{t(p.withdrawn ? 'directory.withdrawn' : 'directory.active')}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => {
                      setDone(null);
                      setEditing({ before: p });
                    }}
                    aria-label={t('directory.editLabel', { name: name(p) })}
                  >
                    {t('directory.edit')}
                  </button>{' '}
                  {!p.withdrawn && (
                    <button type="button" onClick={() => void withdraw(p)} aria-label={t('directory.withdrawLabel', { name: name(p) })}>
                      {t('directory.withdraw')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * The API names some fields only by their path ($.id, $.serviceTypes[0]): the summary of a refusal
 * names them by the form's own labels, as the fields above it do, never by the path.
 */
function labelled(error: unknown, t: AccountT, defaultName: string): unknown {
  if (!(error instanceof ApiError)) return error;
  const label = (path: string): string | undefined => {
    const [field, sub] = path
      .replace(/^\$/, '')
      .split(/[./[\]]/)
      .filter(Boolean);
    if (field === 'name') return sub ? t('directory.name', { language: LOCALES[sub]?.name ?? sub }) : defaultName;
    if (field === 'contact' && sub && ['phone', 'email', 'address', 'person'].includes(sub)) return t(`directory.${sub}`);
    return ['id', 'serviceTypes', 'locations', 'agency'].includes(field) ? t(`directory.${field}`) : undefined;
  };
  return new ApiError(
    error.status,
    error.code,
    error.message,
    error.errors.map((e) => (e.label ? e : { ...e, label: label(e.path) })),
    error.body,
  );
}

function ProviderForm(props: {
  t: AccountT;
  sop: SopSummary;
  places: Place[];
  serviceTypes: Directory['serviceTypes'];
  before: Provider | null;
  onCancel(): void;
  onSaved(name: string): void;
}) {
  const { t, sop, places, serviceTypes, before } = props;
  const { locale } = useApp();
  const [d, setD] = useState<Draft>(() => (before ? draftOf(before) : { ...EMPTY, names: {} }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The form opens above the list: focus goes to its title, not left on the button far below it.
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const text = (k: 'id' | 'phone' | 'email' | 'address' | 'person') => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });
  const toggle = (list: string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = bodyOf(d, before);
      if (before) await api('PUT', `/api/admin/services/providers/${encodeURIComponent(before.id)}`, body);
      else await api('POST', '/api/admin/services/providers', body);
      props.onSaved(pick(body.name, locale) || body.id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const input = (k: 'id' | 'phone' | 'email' | 'address' | 'person', path: string, help?: string, disabled = false) => (
    <AccountField id={`sp-${k}`} label={t(`directory.${k}`)} help={help} messages={fieldMessages(error, path)}>
      {(describedBy, invalid) => (
        <input id={`sp-${k}`} value={d[k]} onChange={text(k)} disabled={disabled} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
      )}
    </AccountField>
  );
  // No name in any language is refused for the names as a whole: said under the first of them.
  const noName = error instanceof ApiError && error.errors.some((e) => e.path === '$.name' || e.path === '/name');
  const title = before ? t('directory.editTitle', { name: pick(before.name as Record<string, string>, locale) }) : t('directory.newTitle');
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="sp-title">
      <h2 id="sp-title" ref={titleRef} tabIndex={-1}>
        {title}
      </h2>
      {input('id', '/id', t('directory.idHelp'), !!before)}
      {sop.manifest.locales.map((l, i) => (
        <AccountField
          key={l}
          id={`sp-name-${l}`}
          label={t('directory.name', { language: LOCALES[l]?.name ?? l })}
          messages={[...fieldMessages(error, `/name/${l}`), ...(i === 0 && noName ? [t('directory.nameMissing')] : [])]}
        >
          {(describedBy) => (
            <input
              id={`sp-name-${l}`}
              lang={l}
              dir={LOCALES[l]?.dir ?? 'ltr'}
              value={d.names[l] ?? ''}
              onChange={(e) => setD({ ...d, names: { ...d.names, [l]: e.target.value } })}
              aria-describedby={describedBy}
            />
          )}
        </AccountField>
      ))}
      <fieldset className="field">
        <legend>{t('directory.serviceTypes')}</legend>
        {serviceTypes.map((s) => (
          <label key={s.id} className="choice">
            <input type="checkbox" checked={d.serviceTypes.includes(s.id)} onChange={() => setD({ ...d, serviceTypes: toggle(d.serviceTypes, s.id) })} />
            {s.label}
          </label>
        ))}
        {fieldMessages(error, '/serviceTypes').map((m, i) => (
          <p key={i} className="field-error text-danger">
            {m}
          </p>
        ))}
      </fieldset>
      <AccountField id="sp-locations" label={t('directory.locations')} messages={fieldMessages(error, '/locations')}>
        {(describedBy) => (
          <select
            id="sp-locations"
            multiple
            size={Math.min(8, places.length)}
            value={d.locations}
            onChange={(e) => setD({ ...d, locations: [...e.target.selectedOptions].map((o) => o.value) })}
            aria-describedby={describedBy}
          >
            {places.map((p) => (
              <option key={p.code} value={p.code}>
                {p.label}
              </option>
            ))}
          </select>
        )}
      </AccountField>
      <AccountField id="sp-agency" label={t('directory.agency')} messages={fieldMessages(error, '/agency')}>
        {(describedBy) => (
          <select id="sp-agency" value={d.agency} onChange={(e) => setD({ ...d, agency: e.target.value })} aria-describedby={describedBy}>
            <option value="">{t('directory.noAgency')}</option>
            {sop.organisations.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {pick(a.name as Record<string, string>, locale)}
              </option>
            ))}
          </select>
        )}
      </AccountField>
      {input('phone', '/contact/phone')}
      {input('email', '/contact/email')}
      {input('address', '/contact/address')}
      {input('person', '/contact/person')}
      <Problem error={labelled(error, t, t('directory.names'))} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('directory.save')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('directory.cancel')}
        </button>
      </div>
    </form>
  );
}
