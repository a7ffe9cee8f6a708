import { FormEvent, useState } from 'react';
import { pick } from '../../sop';
import {
  actionWord,
  asList,
  CASE_STATUSES,
  conditionWords,
  draftFields,
  fieldPatternWords,
  RoleRule,
  ruleSentence,
  subjectCatalog,
  subjectWord,
  USER_CONDITIONS,
  withCondition,
} from './roles-model';
import type { StudioT } from './studio-texts';

type Files = Record<string, any>;
type Conditions = Record<string, unknown>;

/**
 * One permission rule: what it concerns, the actions, the fields (picked by form and field label) and
 * the conditions (picked, or written as JSON by experts), read back in words before saving.
 */
export function RuleEditor(props: {
  files: Files;
  locale: string;
  t: StudioT;
  busy: boolean;
  initial?: RoleRule;
  idPrefix: string;
  onSave(rule: RoleRule): Promise<boolean>;
  /** A new rule's editor starts blank again once saved. */
  clearOnSave?: boolean;
}) {
  const { files, locale, t, idPrefix: id } = props;
  const catalog = subjectCatalog(files);
  const start = props.initial ?? { action: ['read'], subject: 'case' };
  const [subject, setSubject] = useState(start.subject);
  const [actions, setActions] = useState<string[]>(asList(start.action));
  const [fields, setFields] = useState<string[]>(start.fields ?? []);
  const [conditions, setConditionsState] = useState<Conditions>(start.conditions ?? {});
  const [raw, setRaw] = useState(JSON.stringify(start.conditions ?? {}, null, 2));
  const [rawProblem, setRawProblem] = useState<string | null>(null);
  const [note, setNote] = useState(start.note ?? '');
  const [problem, setProblem] = useState<string | null>(null);

  const setConditions = (c: Conditions) => {
    setConditionsState(c);
    setRaw(JSON.stringify(c, null, 2));
    setRawProblem(null);
  };
  const onRaw = (text: string) => {
    setRaw(text);
    try {
      const parsed = JSON.parse(text || '{}');
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return setRawProblem(t('roles.editor.notObject'));
      setRawProblem(null);
      setConditionsState(parsed);
    } catch (e) {
      setRawProblem(t('roles.editor.badJson', { reason: (e as Error).message }));
    }
  };
  const known = catalog[subject] ?? [];
  const rule: RoleRule = { action: actions, subject, fields: subject === 'form' ? fields : undefined, conditions, note };
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (rawProblem) return setProblem(rawProblem);
    if (!actions.length) return setProblem(t('roles.editor.noAction'));
    if (subject === 'form' && !fields.length) return setProblem(t('roles.editor.noFields'));
    setProblem(null);
    if ((await props.onSave(rule)) && props.clearOnSave) {
      setActions(['read']);
      setFields([]);
      setConditions({});
      setNote('');
    }
  };

  const caseTypes: Array<{ id: string; label: any }> = files['pack.json']?.caseTypes ?? [];
  const steps: Array<{ id: string; label: any }> = files['workflow.json']?.steps ?? [];
  const choiceGroup = (key: string, legend: string, values: Array<{ id: string; name: string }>) => {
    const chosen = asList(conditions[key] as string | string[]);
    return (
      <fieldset className="studio-choices">
        <legend>{legend}</legend>
        {values.map((v) => (
          <label key={v.id} className="choice">
            <input
              type="checkbox"
              checked={chosen.includes(v.id)}
              onChange={(e) => setConditions(withCondition(conditions, key, toggle(chosen, v.id, e.target.checked)))}
            />{' '}
            <bdi>{v.name}</bdi>
          </label>
        ))}
      </fieldset>
    );
  };

  return (
    <form className="studio-rule-editor" onSubmit={(e) => void save(e)} noValidate>
      <div className="studio-grid">
        <label htmlFor={`${id}-subject`}>{t('roles.editor.subject')}</label>
        <select
          id={`${id}-subject`}
          value={subject}
          onChange={(e) => {
            const next = e.target.value;
            setSubject(next);
            setActions(actions.filter((a) => (catalog[next] ?? []).includes(a)));
          }}
        >
          {Object.keys(catalog).map((s) => (
            <option key={s} value={s}>
              {subjectWord(s, t)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="studio-choices">
        <legend>{t('roles.editor.actions')}</legend>
        {known.map((a) => (
          <label key={a} className="choice">
            <input type="checkbox" checked={actions.includes(a)} onChange={(e) => setActions(toggle(actions, a, e.target.checked))} /> {actionWord(a, t)}
          </label>
        ))}
      </fieldset>
      {subject === 'form' && <FieldPicker files={files} locale={locale} t={t} id={id} fields={fields} onChange={setFields} />}
      <fieldset className="studio-conditions">
        <legend>{t('roles.editor.conditions')}</legend>
        <div className="studio-choices">
          {Object.keys(USER_CONDITIONS).map((k) => (
            <label key={k} className="choice">
              <input
                type="checkbox"
                checked={conditions[k] !== undefined}
                onChange={(e) => setConditions(withCondition(conditions, k, e.target.checked ? [USER_CONDITIONS[k]] : []))}
              />{' '}
              {conditionWords(k, USER_CONDITIONS[k], files, locale, t)}
            </label>
          ))}
        </div>
        {choiceGroup(
          'caseType',
          t('roles.editor.caseTypes'),
          caseTypes.map((c) => ({ id: c.id, name: pick(c.label, locale) || c.id })),
        )}
        {choiceGroup(
          'status',
          t('roles.editor.statuses'),
          CASE_STATUSES.map((s) => ({ id: s, name: t(`roles.status.${s}`) })),
        )}
        {choiceGroup(
          'step',
          t('roles.editor.steps'),
          steps.map((s) => ({ id: s.id, name: pick(s.label, locale) || s.id })),
        )}
        <details className="studio-disclosure">
          <summary>{t('roles.editor.raw')}</summary>
          <label htmlFor={`${id}-raw`}>{t('roles.editor.raw')}</label>
          <textarea id={`${id}-raw`} dir="ltr" lang="en" rows={5} value={raw} onChange={(e) => onRaw(e.target.value)} aria-describedby={`${id}-raw-help`} />
          <p id={`${id}-raw-help`} className="meta">
            {t('roles.editor.rawHelp')}
          </p>
          {rawProblem && (
            <p role="alert" className="problem">
              {rawProblem}
            </p>
          )}
        </details>
      </fieldset>
      <div className="studio-grid">
        <label htmlFor={`${id}-note`}>{t('roles.editor.note')}</label>
        <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <p className="studio-rule-preview">{t('roles.editor.inWords', { sentence: ruleSentence(rule, files, locale, t) })}</p>
      <button type="submit" disabled={props.busy}>
        {t('roles.editor.save')}
      </button>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </form>
  );
}

/** The fields a form rule grants or excepts, chosen by form and field label; each shown in words with a remove button. */
function FieldPicker(props: { files: Files; locale: string; t: StudioT; id: string; fields: string[]; onChange(f: string[]): void }) {
  const { files, locale, t, id, fields } = props;
  const all = draftFields(files);
  const forms: Array<{ id: string; version: number }> = files['pack.json']?.forms ?? [];
  const [form, setForm] = useState(forms[0]?.id ?? '*');
  const [field, setField] = useState('*');
  const pattern = form === '*' ? '*' : field === '*' ? form : `${form}.${field}`;
  const add = (exclude: boolean) => {
    const p = (exclude ? '!' : '') + pattern;
    if (!fields.includes(p)) props.onChange([...fields, p]);
  };
  const words = (p: string) => fieldPatternWords(p, files, locale, t);
  const formTitle = (f: { id: string; version: number }) => pick(files[`forms/${f.id}.v${f.version}.json`]?.title, locale) || f.id;
  return (
    <fieldset className="studio-field-picker">
      <legend>{t('roles.editor.fields')}</legend>
      {fields.length === 0 ? (
        <p className="meta">{t('roles.editor.noFieldsYet')}</p>
      ) : (
        <ul className="studio-patterns">
          {fields.map((p) => (
            <li key={p}>
              <span>
                {p.startsWith('!') ? t('roles.editor.excepted') : t('roles.editor.granted')}: <bdi>{words(p)}</bdi>
              </span>{' '}
              <button
                type="button"
                aria-label={t('roles.editor.removeField', { fields: words(p) })}
                onClick={() => props.onChange(fields.filter((x) => x !== p))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="studio-grid">
        <label htmlFor={`${id}-form`}>{t('roles.editor.form')}</label>
        <select
          id={`${id}-form`}
          value={form}
          onChange={(e) => {
            setForm(e.target.value);
            setField('*');
          }}
        >
          <option value="*">{t('roles.editor.everyForm')}</option>
          {forms.map((f) => (
            <option key={f.id} value={f.id}>
              {formTitle(f)}
            </option>
          ))}
        </select>
        {form !== '*' && (
          <>
            <label htmlFor={`${id}-field`}>{t('roles.editor.field')}</label>
            <select id={`${id}-field`} value={field} onChange={(e) => setField(e.target.value)}>
              <option value="*">{t('roles.editor.allFields')}</option>
              {all
                .filter((f) => f.form === form)
                .map((f) => (
                  <option key={f.field} value={f.field}>
                    {pick(f.label, locale) || f.field}
                  </option>
                ))}
            </select>
          </>
        )}
      </div>
      <p>
        <button type="button" onClick={() => add(false)}>
          {t('roles.editor.grant')}
        </button>{' '}
        <button type="button" onClick={() => add(true)}>
          {t('roles.editor.except')}
        </button>
      </p>
    </fieldset>
  );
}
