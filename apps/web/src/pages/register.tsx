import type { CaseListRow, CaseView } from '../api-types';
import { carriedAnswers, openingOf } from '../case-opening';
import { isolate } from '../components/badges';
import Form, { IChangeEvent } from '@rjsf/core';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../api';
import { Loading, Problem } from '../components/problem';
import { Link, navigate } from '../router';
import { useApp, useT } from '../session';
import { creatableCaseTypes, currentSop, pick, SopSummary } from '../sop';
import { FORM_DEFAULTS } from '../form-defaults';
import { localizeFormErrors } from '../form-errors';
import { formValidator } from '../validator';
import { askedAnswers, askedSchema } from '../form-conditions';
import { formStrings } from '../form-strings';

type Match = CaseListRow;

/**
 * Registering a child: the case type's start form, and while the name is typed, the cases that may
 * already be this child (name search under the user's rules; the server checks again on saving).
 * Opened from another case (`?caseType=…&from=<case id>`, e.g. a notification), the form starts with
 * the answers the pack carries over and the new case is linked to that one.
 */
export default function RegisterPage() {
  const t = useT();
  const { me, locale } = useApp();
  const [sop, setSop] = useState<SopSummary | null>(null);
  const [caseType, setCaseType] = useState('');
  const [data, setData] = useState<Record<string, any>>({});
  const [matches, setMatches] = useState<Match[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Read once: the address the page was opened at.
  const [opened] = useState(() => {
    const q = new URLSearchParams(location.search);
    return { from: q.get('from'), caseType: q.get('caseType') };
  });
  const [source, setSource] = useState<CaseView | null>(null);
  useEffect(() => {
    currentSop(locale).then(setSop).catch(setError);
  }, [locale]);
  const opening = sop && source && opened.caseType ? openingOf(sop, opened.caseType, source.caseType) : null;
  useEffect(() => {
    if (!opened.from || !/^[0-9a-f-]{36}$/i.test(opened.from)) return;
    api<CaseView>('GET', `/api/cases/${opened.from}`).then(setSource).catch(setError);
  }, [opened.from]);
  // The carried answers, once both the pack and the other case are there (the user's own typing wins after that).
  useEffect(() => {
    if (!sop || !source || !opening || !opened.caseType) return;
    const sourceForm = sop.manifest.caseTypes.find((c) => c.id === source.caseType)?.startForm ?? '';
    const entries = source.forms[sourceForm] ?? [];
    setCaseType(opened.caseType);
    setData(carriedAnswers(opening, entries[entries.length - 1]?.answers));
  }, [sop, source, opening, opened.caseType]);
  const types = useMemo(() => (sop && me ? creatableCaseTypes(sop, me.roles) : []), [sop, me]);
  useEffect(() => {
    if (!caseType && types.length) setCaseType(types[0]);
  }, [types, caseType]);
  const def = sop?.manifest.caseTypes.find((c) => c.id === caseType);
  const form = sop?.forms.find((f) => f.id === def?.startForm);
  const schema = useMemo(() => (form ? withoutWithdrawal(form.schema) : null), [form]);
  const name = [data.first_name, data.last_name].filter(Boolean).join(' ').trim();

  useEffect(() => {
    if (name.length < 3) {
      setMatches([]);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<{ items: Match[] }>('GET', `/api/cases?q=${encodeURIComponent(name)}&pageSize=5`, undefined, { signal: ctl.signal })
        .then((r) => setMatches(r.items))
        .catch(() => setMatches([]));
    }, 300);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [name]);

  if (!sop) return error ? <Problem error={error} /> : <Loading />;
  if (!form) return <p>{t('register.notAllowed')}</p>;

  const submit = async ({ formData }: IChangeEvent) => {
    setBusy(true);
    setError(null);
    try {
      const links = opening && source && caseType === opened.caseType ? [{ caseId: source.id, kind: opening.link }] : undefined;
      const res = await api<{ id: string }>('POST', '/api/cases', {
        caseType,
        answers: askedAnswers(form.schema, formData ?? {}),
        ...(links ? { links } : {}),
      });
      navigate(`/cases/${res.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="register-title">
      <h1 id="register-title">{t('register.title')}</h1>
      {opening && source && (
        <p className="notice" role="note">
          {t('register.openedFrom', { number: isolate(source.caseNumber) })}
        </p>
      )}
      {types.length > 1 && !opening && (
        <div className="field">
          <label htmlFor="case-type">{t('register.caseType')}</label>
          <select
            id="case-type"
            value={caseType}
            onChange={(e) => {
              setCaseType(e.target.value);
              setData({});
            }}
          >
            {types.map((id) => (
              <option key={id} value={id}>
                {pick(sop.manifest.caseTypes.find((c) => c.id === id)?.label, locale)}
              </option>
            ))}
          </select>
        </div>
      )}
      {matches.length > 0 && (
        <aside className="duplicates" aria-live="polite" aria-labelledby="dup-title">
          <h2 id="dup-title">{t('register.possibleDuplicates')}</h2>
          <ul>
            {matches.map((m) => (
              <li key={m.id}>
                <Link href={`/cases/${m.id}`}>
                  <bdi>{m.caseNumber}</bdi> <bdi>{m.displayName ?? ''}</bdi>
                </Link>{' '}
                <span className="meta">{m.stepLabel}</span>
              </li>
            ))}
          </ul>
        </aside>
      )}
      <Form
        schema={askedSchema(schema ?? form.schema, data)}
        uiSchema={{ ...form.uiSchema, 'ui:submitButtonOptions': { submitText: t('register.submit'), props: { disabled: busy, className: 'primary' } } }}
        formData={data}
        validator={formValidator}
        translateString={formStrings(locale)}
        experimental_defaultFormStateBehavior={FORM_DEFAULTS}
        liveValidate
        transformErrors={(errors) => localizeFormErrors(errors, locale)}
        showErrorList={false}
        noHtml5Validate
        idPrefix="register"
        onChange={(e: IChangeEvent) => setData(askedAnswers(schema ?? form.schema, e.formData ?? {}))}
        onSubmit={submit}
      />
      <Problem error={error} />
    </section>
  );
}

/**
 * At a first registration no consent was given yet, so nothing can be withdrawn: the answers of a
 * consent question that would record a withdrawal (marked by the server from the pack's
 * consent.fromForms) are not offered here. Later, on the case page, they are.
 */
function withoutWithdrawal(schema: any): any {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out: any = { ...schema };
  if (Array.isArray(schema.oneOf)) out.oneOf = schema.oneOf.filter((o: any) => o?.['x-consentDecision'] !== 'withdrawn');
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, withoutWithdrawal(v)]));
  return out;
}
