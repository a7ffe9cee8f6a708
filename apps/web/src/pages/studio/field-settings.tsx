import { FormEvent, useState } from 'react';
import { LOCALES } from '../../i18n';
import { DraftForm, DraftView, elementOf, FIELD_TYPES, FieldType, fieldType, Label, optionListIds, packLocales, PatchOperation } from './draft-model';
import { addOption, changeOptionLabel, changeType, fieldReferences, fieldsUsingList, OptionEntry, optionsOf, renameInForm } from './field-model';
import { LabelInputs } from './label-inputs';
import { useDeadlinesT } from './studio-deadlines-texts';
import './studio-deadlines.css';
import { rolesElementOf } from './roles-model';
import { rolesWords, useRolesT } from './roles-texts';
import { elementWords, StudioT } from './studio-texts';

const FIELD_ID = /^[a-z][a-z0-9_]*$/;
const OPTION_VALUE = /^[a-z0-9][a-z0-9_-]*$/;

type FormEditFn = (ops: (file: string) => PatchOperation[], extra?: PatchOperation[]) => Promise<boolean>;

/** A field's type, identifier and options, each change explained before it is made. */
export function FieldSettings(props: {
  draft: DraftView;
  form: DraftForm;
  newInDraft: boolean;
  id: string;
  schema: any;
  label: string;
  locale: string;
  busy: boolean;
  editForm: FormEditFn;
  send(ops: PatchOperation[]): Promise<boolean>;
}) {
  const t = useDeadlinesT();
  const { form, schema, label } = props;
  const list = typeof schema?.['x-optionList'] === 'string' ? (schema['x-optionList'] as string) : null;
  // The version the change lands in: this draft's own, or the next one the first change makes.
  const version = props.newInDraft ? form.version : form.version + 1;
  return (
    <details className="studio-field-settings">
      <summary>{t('studio.fs.summary', { field: label })}</summary>
      <p className="meta">
        {props.newInDraft ? t('studio.fs.inDraftVersion', { version }) : t('studio.fs.nextVersion', { version: form.version, next: version })}
      </p>
      <ChangeType {...props} t={t} />
      <Rename {...props} t={t} />
      {list && <Options draft={props.draft} list={list} field={label} locale={props.locale} busy={props.busy} send={props.send} t={t} />}
    </details>
  );
}

function ChangeType(props: { draft: DraftView; id: string; schema: any; label: string; busy: boolean; editForm: FormEditFn; t: StudioT }) {
  const { t, schema } = props;
  const lists = optionListIds(props.draft.files);
  const [type, setType] = useState<FieldType>(fieldType(schema));
  const [list, setList] = useState<string>(schema?.['x-optionList'] ?? lists[0] ?? '');
  const now = fieldType(schema);
  const unchanged = type === now && (type !== 'choice' || list === schema?.['x-optionList']);
  const idBase = `studio-fs-${props.id}`;
  return (
    <div className="studio-grid">
      <label htmlFor={`${idBase}-type`}>{t('studio.fs.type', { field: props.label })}</label>
      <select id={`${idBase}-type`} value={type} onChange={(e) => setType(e.target.value as FieldType)}>
        {FIELD_TYPES.map((k) => (
          <option key={k} value={k}>
            {t(`studio.type.${k}`)}
          </option>
        ))}
      </select>
      {/* A choice field's list is picked on its row; here only when a field becomes a choice. */}
      {type === 'choice' && now !== 'choice' && (
        <>
          <label htmlFor={`${idBase}-list`}>{t('studio.add.optionList')}</label>
          <select id={`${idBase}-list`} value={list} onChange={(e) => setList(e.target.value)}>
            {lists.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </>
      )}
      {!unchanged && (
        <p className="meta studio-consequence">{t('studio.fs.typeConsequence', { from: t(`studio.type.${now}`), to: t(`studio.type.${type}`) })}</p>
      )}
      <button type="button" disabled={props.busy || unchanged} onClick={() => void props.editForm(changeType(props.id, schema, type, list))}>
        {t('studio.fs.typeSave', { field: props.label })}
      </button>
    </div>
  );
}

function Rename(props: { draft: DraftView; form: DraftForm; id: string; label: string; locale: string; busy: boolean; editForm: FormEditFn; t: StudioT }) {
  const { t, form, draft } = props;
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const valid = FIELD_ID.test(to) && to !== props.id && !(to in (form.schema.properties ?? {}));
  const refs = valid ? fieldReferences(draft.files, form.id, props.id, to) : [];
  const words = elementWords(t);
  const roleWords = rolesWords(useRolesT());
  // Role rules by their role's label (as the change log names them), everything else as draft-model does.
  const nameOf = (p: string) => rolesElementOf(draft.files, p, props.locale, roleWords) ?? elementOf(draft.files, p, props.locale, words);
  const places = [...new Set(refs.map((r) => nameOf(r.pointer)))];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!FIELD_ID.test(to)) return setProblem(t('studio.add.badId'));
    if (to === props.id || to in (form.schema.properties ?? {})) return setProblem(t('studio.add.taken'));
    setProblem(null);
    const content = (draft.files as Record<string, any>)[form.file];
    if (
      await props.editForm(
        renameInForm(form, content, props.id, to),
        refs.map((r) => r.operation),
      )
    )
      setTo('');
  };
  const idBase = `studio-fs-${props.id}-rename`;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="studio-rename">
      <label htmlFor={idBase}>{t('studio.fs.rename', { field: props.label })}</label>{' '}
      <input id={idBase} dir="ltr" value={to} onChange={(e) => setTo(e.target.value.trim())} aria-describedby={`${idBase}-help`} />
      <p id={`${idBase}-help`} className="meta">
        {t('studio.fs.renameHelp')}
      </p>
      {valid && (
        <div className="studio-consequence" aria-live="polite">
          {places.length === 0 ? (
            <p>{t('studio.fs.noReferences')}</p>
          ) : (
            <>
              <p>{t('studio.fs.references', { n: refs.length })}</p>
              <ul>
                {places.map((p) => (
                  <li key={p}>
                    <bdi>{p}</bdi>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <button type="submit" disabled={props.busy}>
        {t('studio.fs.renameSave')}
      </button>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </form>
  );
}

/** The options of the field's list, each with its label in every language; the list may be shared with other fields. */
function Options(props: {
  draft: DraftView;
  list: string;
  field: string;
  locale: string;
  busy: boolean;
  send(ops: PatchOperation[]): Promise<boolean>;
  t: StudioT;
}) {
  const { t, draft, list } = props;
  const locales = packLocales(draft.files);
  const entries = optionsOf(draft.files, list);
  const shared = fieldsUsingList(draft.files, list);
  const blank: OptionEntry = { value: '', label: {} };
  const [added, setAdded] = useState<OptionEntry>(blank);
  const [problem, setProblem] = useState<string | null>(null);
  const missing = (l: Label) => locales.filter((x) => !l[x]?.trim());
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!OPTION_VALUE.test(added.value)) return setProblem(t('studio.fs.badValue'));
    if (entries.some((o) => o.value === added.value)) return setProblem(t('studio.fs.valueTaken'));
    const gaps = missing(added.label);
    if (gaps.length) return setProblem(t('studio.add.labelMissing', { languages: gaps.map((l) => LOCALES[l]?.name ?? l).join(', ') }));
    setProblem(null);
    if (await props.send(addOption(list, added, entries.length))) setAdded(blank);
  };
  return (
    <div className="studio-options">
      <h4>{t('studio.fs.options', { field: props.field })}</h4>
      {shared > 1 && <p className="meta">{t('studio.fs.shared', { n: shared - 1 })}</p>}
      <ul>
        {entries.map((o, i) => (
          <OptionRow
            key={`${o.value}-${JSON.stringify(o.label)}`}
            entry={o}
            locales={locales}
            locale={props.locale}
            busy={props.busy}
            t={t}
            onSave={(l) => props.send(changeOptionLabel(list, i, l))}
          />
        ))}
      </ul>
      <form onSubmit={(e) => void add(e)} noValidate>
        <label htmlFor={`studio-fs-${list}-value`}>{t('studio.fs.newValue')}</label>{' '}
        <input id={`studio-fs-${list}-value`} dir="ltr" value={added.value} onChange={(e) => setAdded({ ...added, value: e.target.value.trim() })} />
        <LabelInputs legend={t('studio.fs.newLabels')} locales={locales} label={added.label} onChange={(label) => setAdded({ ...added, label })} />
        <button type="submit" disabled={props.busy}>
          {t('studio.fs.addOption')}
        </button>
        {problem && (
          <p role="alert" className="problem">
            {problem}
          </p>
        )}
      </form>
    </div>
  );
}

function OptionRow(props: { entry: OptionEntry; locales: string[]; locale: string; busy: boolean; t: StudioT; onSave(l: Label): Promise<boolean> }) {
  const [label, setLabel] = useState<Label>({ ...props.entry.label });
  const name = props.entry.label[props.locale] ?? props.entry.label.en ?? props.entry.value;
  const changed = JSON.stringify(label) !== JSON.stringify(props.entry.label);
  return (
    <li>
      <LabelInputs legend={props.t('studio.fs.optionLabels', { option: name })} locales={props.locales} label={label} onChange={setLabel} />
      <button type="button" disabled={props.busy || !changed} onClick={() => void props.onSave(label)}>
        {props.t('studio.fs.optionSave', { option: name })}
      </button>
    </li>
  );
}
