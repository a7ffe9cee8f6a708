import { FormEvent, useState } from 'react';
import { LOCALES } from '../../i18n';
import { pick } from '../../sop';
import {
  addField,
  changeField,
  changeFieldOptionList,
  DraftChange,
  DraftFinding,
  draftForms,
  DraftView,
  FIELD_TYPES,
  fieldType,
  fileSegment,
  findingsAt,
  formEdit,
  isNewInDraft,
  Label,
  NewField,
  optionListIds,
  packLocales,
  PatchOperation,
  removeField,
  setRequired,
} from './draft-model';
import { FieldSettings } from './field-settings';
import { ConditionEditor } from './condition-editor';
import { FormAdd } from './form-add';
import { FindingList } from './finding-list';
import { LabelInputs } from './label-inputs';
import type { StudioT } from './studio-texts';

const FIELD_ID = /^[a-z][a-z0-9_]*$/;

/** The draft's forms: each field by its label with its findings; require, remove, add fields. */
export function FormEditor(props: {
  draft: DraftView;
  changes: DraftChange[];
  locale: string;
  t: StudioT;
  send(ops: PatchOperation[]): Promise<boolean>;
  busy: boolean;
}) {
  const { draft, changes, locale, t } = props;
  const forms = draftForms(draft.files);
  const [chosen, setChosen] = useState(forms[0]?.id ?? '');
  const form = forms.find((f) => f.id === chosen) ?? forms[0];
  if (!form) return null;
  const newInDraft = isNewInDraft(form.file, changes);
  const edit = (ops: (file: string) => PatchOperation[], extra: PatchOperation[] = []) => props.send([...formEdit(form, newInDraft, ops), ...extra]);
  const fields = Object.entries(form.schema.properties ?? {});
  const required = new Set(form.schema.required ?? []);
  const formFindings = draft.findings.filter((f) => f.pointer === fileSegment(form.file) || f.pointer.startsWith(fileSegment(form.file) + '/'));

  return (
    <div className="studio-forms">
      <label htmlFor="studio-form">{t('studio.forms.choose')}</label>{' '}
      <select id="studio-form" value={form.id} onChange={(e) => setChosen(e.target.value)}>
        {forms.map((f) => (
          <option key={f.id} value={f.id}>
            {t('studio.forms.option', { title: pick(f.title, locale) || f.id, version: f.version })}
          </option>
        ))}
      </select>
      <p className="meta">{t('studio.forms.versionHelp')}</p>
      {formFindings.length > 0 && <p className="meta">{t('studio.forms.findingCount', { n: formFindings.length })}</p>}
      <ul className="studio-fields" aria-label={t('studio.forms.fields', { form: pick(form.title, locale) })}>
        {fields.map(([id, schema]) => {
          const label = pick(schema?.['x-label'], locale) || schema?.title || id;
          const found: DraftFinding[] = findingsAt(
            draft.findings,
            `${fileSegment(form.file)}/schema/properties/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          );
          return (
            <li key={id} className={found.length ? 'has-findings' : undefined} data-field={id}>
              <span className="studio-field-label">
                <bdi>{label}</bdi> <span className="meta">{t(`studio.type.${fieldType(schema)}`)}</span>
                {schema?.['x-sensitive'] && <span className="badge">{t('studio.field.sensitive')}</span>}
              </span>
              {typeof schema?.['x-optionList'] === 'string' && (
                <label className="choice">
                  {t('studio.add.optionList')}{' '}
                  <select value={schema['x-optionList']} disabled={props.busy} onChange={(e) => void edit(changeFieldOptionList(id, e.target.value))}>
                    {[...new Set([schema['x-optionList'] as string, ...optionListIds(draft.files)])].map((l) => (
                      <option key={l} value={l}>
                        {l}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label className="choice">
                <input type="checkbox" checked={required.has(id)} disabled={props.busy} onChange={(e) => void edit(setRequired(form, id, e.target.checked))} />{' '}
                {t('studio.field.required')}
              </label>
              <button
                type="button"
                disabled={props.busy}
                aria-label={t('studio.field.removeNamed', { field: label })}
                onClick={() => void edit(removeField(form, id))}
              >
                {t('studio.field.remove')}
              </button>
              <details className="studio-change-field">
                <summary>{t('studio.field.change', { field: label })}</summary>
                <ChangeField
                  schema={schema}
                  label={label}
                  locales={packLocales(draft.files)}
                  t={t}
                  busy={props.busy}
                  onSave={(l, sensitive) => edit(changeField(id, schema, l, sensitive))}
                />
              </details>
              <FieldSettings
                key={JSON.stringify(schema)}
                draft={draft}
                form={form}
                newInDraft={newInDraft}
                id={id}
                schema={schema}
                label={label}
                locale={locale}
                busy={props.busy}
                editForm={edit}
                send={props.send}
              />
              <ConditionEditor draft={draft} form={form} id={id} label={label} locale={locale} busy={props.busy} editForm={edit} />
              <FindingList findings={found} t={t} />
            </li>
          );
        })}
      </ul>
      <AddField draft={draft} t={t} busy={props.busy} taken={new Set(fields.map(([id]) => id))} onAdd={(f) => edit(addField(form, f))} />
      <FormAdd draft={draft} locale={locale} busy={props.busy} send={props.send} onAdded={setChosen} />
    </div>
  );
}

function AddField(props: { draft: DraftView; t: StudioT; busy: boolean; taken: Set<string>; onAdd(f: NewField): Promise<boolean> }) {
  const { t, draft } = props;
  const locales = packLocales(draft.files);
  const lists = optionListIds(draft.files);
  const blank: NewField = { id: '', type: 'text', label: {}, required: false, sensitive: false, optionList: lists[0] ?? '' };
  // Kept until the server saved it: a refused edit (a conflict) loses nothing typed.
  const [f, setF] = useState<NewField>(blank);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!FIELD_ID.test(f.id)) return setProblem(t('studio.add.badId'));
    if (props.taken.has(f.id)) return setProblem(t('studio.add.taken'));
    const missing = locales.filter((l) => !f.label[l]?.trim());
    if (missing.length) return setProblem(t('studio.add.labelMissing', { languages: missing.map((l) => LOCALES[l]?.name ?? l).join(', ') }));
    setProblem(null);
    if (await props.onAdd(f)) setF(blank);
  };
  return (
    <form className="studio-add-field" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('studio.add.title')}</h3>
      <div className="studio-grid">
        <label htmlFor="studio-add-id">{t('studio.add.id')}</label>
        <input id="studio-add-id" value={f.id} dir="ltr" onChange={(e) => setF({ ...f, id: e.target.value.trim() })} aria-describedby="studio-add-id-help" />
        <p id="studio-add-id-help" className="meta">
          {t('studio.add.idHelp')}
        </p>
        <label htmlFor="studio-add-type">{t('studio.add.type')}</label>
        <select id="studio-add-type" value={f.type} onChange={(e) => setF({ ...f, type: e.target.value as NewField['type'] })}>
          {FIELD_TYPES.map((k) => (
            <option key={k} value={k}>
              {t(`studio.type.${k}`)}
            </option>
          ))}
        </select>
        {f.type === 'choice' && (
          <>
            <label htmlFor="studio-add-list">{t('studio.add.optionList')}</label>
            <input
              id="studio-add-list"
              list="studio-option-lists"
              dir="ltr"
              value={f.optionList}
              onChange={(e) => setF({ ...f, optionList: e.target.value.trim() })}
            />
            <datalist id="studio-option-lists">
              {lists.map((l) => (
                <option key={l} value={l} />
              ))}
            </datalist>
          </>
        )}
      </div>
      <LabelInputs legend={t('studio.add.labels')} locales={locales} label={f.label} onChange={(label) => setF({ ...f, label })} />
      <label className="choice">
        <input type="checkbox" checked={f.required} onChange={(e) => setF({ ...f, required: e.target.checked })} /> {t('studio.field.required')}
      </label>{' '}
      <label className="choice">
        <input type="checkbox" checked={f.sensitive} onChange={(e) => setF({ ...f, sensitive: e.target.checked })} /> {t('studio.field.sensitive')}
      </label>
      <p>
        <button type="submit" disabled={props.busy}>
          {t('studio.add.submit')}
        </button>
      </p>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </form>
  );
}

function ChangeField(props: {
  schema: any;
  label: string;
  locales: string[];
  t: StudioT;
  busy: boolean;
  onSave(l: Label, sensitive: boolean): Promise<boolean>;
}) {
  const { t } = props;
  // What the user typed stays until saved, even when the save is refused.
  const [label, setLabel] = useState<Label>({ ...(props.schema?.['x-label'] ?? {}) });
  const [sensitive, setSensitive] = useState(!!props.schema?.['x-sensitive']);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const missing = props.locales.filter((l) => !label[l]?.trim());
    if (missing.length) return setProblem(t('studio.add.labelMissing', { languages: missing.map((l) => LOCALES[l]?.name ?? l).join(', ') }));
    setProblem(null);
    await props.onSave(label, sensitive);
  };
  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <LabelInputs legend={t('studio.field.labelsOf', { field: props.label })} locales={props.locales} label={label} onChange={setLabel} />
      <label className="choice">
        <input type="checkbox" checked={sensitive} onChange={(e) => setSensitive(e.target.checked)} /> {t('studio.field.sensitive')}
      </label>
      <button type="submit" disabled={props.busy}>
        {t('studio.field.save')}
      </button>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </form>
  );
}
