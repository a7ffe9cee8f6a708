import Form, { IChangeEvent } from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api';
import { useAdminT } from '../../admin-texts';
import { Loading, Problem } from '../../components/problem';
import { askedAnswers, askedSchema } from '../../form-conditions';
import { FORM_DEFAULTS } from '../../form-defaults';
import { localizeFormErrors } from '../../form-errors';
import { formStrings } from '../../form-strings';
import { Link } from '../../router';
import { useApp } from '../../session';
import { currentSop, pick, SopSummary } from '../../sop';
import { useApi } from '../../use-api';
import { formValidator } from '../../validator';
import { draftSop } from './draft-sop';
import { SimulationResults } from './simulation-results';
import { FormPreview, SimulationAction, SimulationResult, SimulationSource, useSimulationT } from './simulation-texts';
import '../../admin.css';
import './simulation.css';

type Versions = Array<{ id: number; version: number }>;
type Drafts = { drafts: Array<{ id: number; status: string; revision: number }> };

/** Administrators: a made-up case through a draft or a published version, and any form as any role; nothing is stored. */
export default function SimulationPage() {
  const t = useSimulationT();
  const adminT = useAdminT();
  const { locale } = useApp();
  const versions = useApi<Versions>('/api/sop/versions');
  const drafts = useApi<Drafts>('/api/sop/drafts');
  const [sop, setSop] = useState<SopSummary | null>(null);
  const [sourceKey, setSourceKey] = useState('');
  useEffect(() => {
    currentSop(locale).then(setSop, () => setSop(null));
  }, [locale]);
  // The open draft's files: its forms, roles and steps are what simulating it chooses from.
  const openId = drafts.data?.drafts.find((d) => d.status === 'open')?.id;
  const draft = useApi<{ files: Record<string, unknown> }>(openId !== undefined ? `/api/sop/drafts/${openId}` : null);

  if (versions.error instanceof ApiError && versions.error.status === 403) {
    return (
      <section className="card">
        <h1>{t('simulation.title')}</h1>
        <p className="admin-only">{adminT('admin.onlyAdministrators')}</p>
      </section>
    );
  }
  if (versions.error) return <Problem error={versions.error} />;
  if (!versions.data || !drafts.data || !sop) return <Loading />;
  const open = drafts.data.drafts.find((d) => d.status === 'open');
  const choices: Array<{ key: string; source: SimulationSource; label: string }> = [
    ...(open
      ? [{ key: `drafts:${open.id}`, source: { kind: 'drafts' as const, id: open.id }, label: t('simulation.sourceDraft', { revision: open.revision }) }]
      : []),
    ...versions.data.map((v) => ({
      key: `versions:${v.id}`,
      source: { kind: 'versions' as const, id: v.id },
      label: t('simulation.sourceVersion', { version: v.version }),
    })),
  ];
  const chosen = choices.find((c) => c.key === sourceKey) ?? choices[0];
  if (chosen.source.kind === 'drafts' && !draft.data) return draft.error ? <Problem error={draft.error} /> : <Loading />;
  const lists = chosen.source.kind === 'drafts' && draft.data ? draftSop(sop, draft.data.files, locale) : sop;

  return (
    <div className="admin-pack simulation">
      <p>
        <Link href="/admin">{t('simulation.back')}</Link>
      </p>
      <section className="card">
        <h1>{t('simulation.title')}</h1>
        <p>{t('simulation.intro')}</p>
        <div className="field">
          <label htmlFor="simulation-source">{t('simulation.source')}</label>
          <select id="simulation-source" value={chosen.key} onChange={(e) => setSourceKey(e.target.value)}>
            {choices.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      </section>
      <PreviewPanel key={`preview-${chosen.key}`} source={chosen.source} sop={lists} />
      <CasePanel key={`case-${chosen.key}`} source={chosen.source} sop={lists} />
    </div>
  );
}

const roleChoices = (sop: SopSummary) => sop.roles.filter((r) => !r.administer);
const post = <T,>(source: SimulationSource, what: 'preview-form' | 'simulate', body: unknown) =>
  api<T>('POST', `/api/sop/${source.kind}/${source.id}/${what}`, body);

/** Loads a form as `role` sees it at `step` (null: nothing to load). */
function usePreview(source: SimulationSource, body: { form: string; role: string; caseType?: string; step?: string } | null) {
  const { locale } = useApp();
  const [state, setState] = useState<{ data: FormPreview | null; error: unknown }>({ data: null, error: null });
  const key = JSON.stringify(body);
  useEffect(() => {
    if (!body) return;
    let live = true;
    setState({ data: null, error: null });
    post<FormPreview>(source, 'preview-form', body).then(
      (data) => live && setState({ data, error: null }),
      (error) => live && setState({ data: null, error }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` is the body's content
  }, [source.kind, source.id, key, locale]);
  return state;
}

function PreviewPanel({ source, sop }: { source: SimulationSource; sop: SopSummary }) {
  const t = useSimulationT();
  const { locale } = useApp();
  const [form, setForm] = useState(sop.manifest.caseTypes[0]?.startForm ?? sop.forms[0]?.id ?? '');
  const [role, setRole] = useState(roleChoices(sop)[0]?.id ?? '');
  const preview = usePreview(source, form && role ? { form, role } : null);
  const roleLabel = pick(sop.roles.find((r) => r.id === role)?.label, locale);
  return (
    <section className="card">
      <h2>{t('simulation.previewTitle')}</h2>
      <div className="simulation-controls">
        <div className="field">
          <label htmlFor="preview-form">{t('simulation.form')}</label>
          <select id="preview-form" value={form} onChange={(e) => setForm(e.target.value)}>
            {sop.forms.map((f) => (
              <option key={f.id} value={f.id}>
                {pick(f.title, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="preview-role">{t('simulation.role')}</label>
          <RoleSelect id="preview-role" sop={sop} value={role} onChange={setRole} />
        </div>
      </div>
      <Problem error={preview.error} />
      {preview.data ? (
        <table className="stacked">
          <caption>{t('simulation.previewCaption', { role: roleLabel, form: preview.data.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('simulation.field')}</th>
              <th scope="col">{t('simulation.access')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.data.fields.map((f) => (
              <tr key={f.field} className={`access-${f.access}`}>
                <th scope="row" data-label={t('simulation.field')}>
                  {f.label}
                </th>
                <td data-label={t('simulation.access')}>{t(`simulation.access.${f.access}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : preview.error ? null : (
        <Loading />
      )}
    </section>
  );
}

function RoleSelect({
  id,
  sop,
  value,
  onChange,
  disabled,
}: {
  id: string;
  sop: SopSummary;
  value: string;
  onChange: (role: string) => void;
  disabled?: boolean;
}) {
  const { locale } = useApp();
  return (
    <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
      {roleChoices(sop).map((r) => (
        <option key={r.id} value={r.id}>
          {pick(r.label, locale)}
        </option>
      ))}
    </select>
  );
}

/** A form drawn for `role` from the schema the preview gives (fields the role may not see are absent). */
function RoleForm(props: { preview: FormPreview; idPrefix: string; submitText: string; busy: boolean; onSubmit: (answers: Record<string, unknown>) => void }) {
  const { locale } = useApp();
  const [data, setData] = useState<Record<string, unknown>>({});
  return (
    <Form
      schema={askedSchema(props.preview.schema as Record<string, any>, data) as RJSFSchema}
      uiSchema={{
        ...props.preview.uiSchema,
        'ui:submitButtonOptions': { submitText: props.submitText, props: { disabled: props.busy, className: 'primary' } },
      }}
      formData={data}
      validator={formValidator}
      translateString={formStrings(locale)}
      experimental_defaultFormStateBehavior={FORM_DEFAULTS}
      transformErrors={(errors) => localizeFormErrors(errors, locale)}
      showErrorList={false}
      noHtml5Validate
      idPrefix={props.idPrefix}
      onChange={(e: IChangeEvent) => setData(askedAnswers(props.preview.schema as Record<string, any>, e.formData ?? {}))}
      onSubmit={() => props.onSubmit(data)}
    />
  );
}

function CasePanel({ source, sop }: { source: SimulationSource; sop: SopSummary }) {
  const t = useSimulationT();
  const { locale, timeZone } = useApp();
  const [caseType, setCaseType] = useState(sop.manifest.caseTypes.find((c) => c.assignTo === 'creator')?.id ?? sop.manifest.caseTypes[0]?.id ?? '');
  const [role, setRole] = useState(roleChoices(sop).find((r) => r.id === 'caseworker')?.id ?? roleChoices(sop)[0]?.id ?? '');
  const [start, setStart] = useState<{ answers: Record<string, unknown>; actions: SimulationAction[] } | null>(null);
  const [result, setResult] = useState<SimulationResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const type = sop.manifest.caseTypes.find((c) => c.id === caseType);
  const startForm = usePreview(source, type ? { form: type.startForm, role, caseType, step: type.startStep } : null);

  const run = async (answers: Record<string, unknown>, actions: SimulationAction[]) => {
    setBusy(true);
    setError(null);
    try {
      const viewers = roleChoices(sop).map((r) => r.id);
      setResult(await post<SimulationResult>(source, 'simulate', { caseType, role, answers, actions, viewers }));
      setStart({ answers, actions });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  // The results are worded by the server: another language asks again.
  useEffect(() => {
    if (start) void run(start.answers, start.actions);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the language change re-runs
  }, [locale]);
  const reset = () => {
    setStart(null);
    setResult(null);
    setError(null);
  };

  return (
    <section className="card">
      <h2>{t('simulation.caseTitle')}</h2>
      <div className="simulation-controls">
        <div className="field">
          <label htmlFor="simulation-case-type">{t('simulation.caseType')}</label>
          <select id="simulation-case-type" value={caseType} disabled={!!start} onChange={(e) => setCaseType(e.target.value)}>
            {sop.manifest.caseTypes.map((c) => (
              <option key={c.id} value={c.id}>
                {pick(c.label, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="simulation-role">{t('simulation.registeredBy')}</label>
          <RoleSelect id="simulation-role" sop={sop} value={role} onChange={setRole} disabled={!!start} />
        </div>
      </div>
      {!start ? (
        <>
          <h3>{t('simulation.startForm', { form: startForm.data?.title ?? '' })}</h3>
          <Problem error={startForm.error} />
          {startForm.data ? (
            <RoleForm
              key={`${caseType}-${role}`}
              preview={startForm.data}
              idPrefix="simulation-start"
              submitText={t('simulation.run')}
              busy={busy}
              onSubmit={(a) => run(a, [])}
            />
          ) : startForm.error ? null : (
            <Loading />
          )}
        </>
      ) : (
        <button type="button" onClick={reset}>
          {t('simulation.reset')}
        </button>
      )}
      {error ? (
        <div role="alert">
          <h3>{t('simulation.refusedTitle')}</h3>
          <Problem error={error} />
        </div>
      ) : null}
      {result && start ? (
        <>
          <h2>{t('simulation.results')}</h2>
          <SimulationResults result={result} sop={sop} t={t} locale={locale} timeZone={timeZone} />
          <NextAction source={source} sop={sop} result={result} busy={busy} onAdd={(action) => run(start.answers, [...start.actions, action])} />
        </>
      ) : null}
    </section>
  );
}

function NextAction(props: { source: SimulationSource; sop: SopSummary; result: SimulationResult; busy: boolean; onAdd: (a: SimulationAction) => void }) {
  const t = useSimulationT();
  const { locale } = useApp();
  const { sop, result } = props;
  const last = result.steps[result.steps.length - 1];
  const [kind, setKind] = useState<'transition' | 'fill'>('transition');
  const [role, setRole] = useState(roleChoices(sop).find((r) => r.id === 'caseworker')?.id ?? roleChoices(sop)[0]?.id ?? '');
  const leaving = last.transitions.find((r) => r.role === role)?.transitions ?? [];
  const [transition, setTransition] = useState('');
  const chosenTransition = leaving.some((x) => x.id === transition) ? transition : (leaving.find((x) => x.available)?.id ?? leaving[0]?.id ?? '');
  const stepForms = sop.workflow.steps.find((s) => s.id === last.step.id)?.forms?.map((f) => f.form) ?? [];
  const [form, setForm] = useState('');
  const chosenForm = stepForms.includes(form) ? form : (stepForms[0] ?? '');
  const preview = usePreview(props.source, kind === 'fill' && chosenForm ? { form: chosenForm, role, caseType: result.caseType, step: last.step.id } : null);
  return (
    <div className="simulation-next">
      <h3>{t('simulation.addTitle')}</h3>
      <div className="simulation-controls">
        <div className="field">
          <label htmlFor="simulation-kind">{t('simulation.actionKind')}</label>
          <select id="simulation-kind" value={kind} onChange={(e) => setKind(e.target.value as 'transition' | 'fill')}>
            <option value="transition">{t('simulation.kind.transition')}</option>
            <option value="fill">{t('simulation.kind.fill')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="simulation-action-role">{t('simulation.asRole')}</label>
          <RoleSelect id="simulation-action-role" sop={sop} value={role} onChange={setRole} />
        </div>
        {kind === 'transition' ? (
          <div className="field">
            <label htmlFor="simulation-transition">{t('simulation.transition')}</label>
            <select id="simulation-transition" value={chosenTransition} onChange={(e) => setTransition(e.target.value)}>
              {leaving.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.label}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="simulation-fill-form">{t('simulation.form')}</label>
            <select id="simulation-fill-form" value={chosenForm} onChange={(e) => setForm(e.target.value)}>
              {stepForms.map((f) => (
                <option key={f} value={f}>
                  {pick(sop.forms.find((x) => x.id === f)?.title, locale) || f}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {kind === 'transition' ? (
        <button
          type="button"
          className="primary"
          disabled={props.busy || !chosenTransition}
          onClick={() => props.onAdd({ kind: 'transition', role, transition: chosenTransition })}
        >
          {t('simulation.add')}
        </button>
      ) : preview.data ? (
        <RoleForm
          key={`${chosenForm}-${role}-${result.steps.length}`}
          preview={preview.data}
          idPrefix="simulation-fill"
          submitText={t('simulation.add')}
          busy={props.busy}
          onSubmit={(answers) => props.onAdd({ kind: 'fill', role, form: chosenForm, answers })}
        />
      ) : (
        <Problem error={preview.error} />
      )}
    </div>
  );
}
