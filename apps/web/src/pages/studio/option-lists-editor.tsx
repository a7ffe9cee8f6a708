import { FormEvent, useState } from 'react';
import { pick } from '../../sop';
import { findingsAt, Label, packLocales } from './draft-model';
import { FindingList } from './finding-list';
import { LabelInputs } from './label-inputs';
import { Disclosure, LabelsSideBySide, missingLabels, ReferenceList, RolesEditorProps } from './roles-editor';
import {
  addOption,
  draftFields,
  DraftOption,
  listName,
  listPointer,
  moveOption,
  OPTION_REFERENCE_CODES,
  OPTION_VALUE,
  optionLists,
  relabelOption,
  removeOption,
} from './roles-model';
import type { StudioT } from './studio-texts';

/** option-lists.json: a list's options with their labels in every language; add, relabel, reorder, remove. */
export function OptionListsEditor(props: RolesEditorProps) {
  const { draft, locale, t } = props;
  const lists = optionLists(draft.files);
  const ids = Object.keys(lists);
  const [chosen, setChosen] = useState(ids[0] ?? '');
  const list = lists[chosen] ? chosen : ids[0];
  const references = draft.findings.filter((f) => OPTION_REFERENCE_CODES.includes(f.code));
  if (!list) return null;
  const options = lists[list];
  const locales = packLocales(draft.files);
  const usedBy = draftFields(draft.files)
    .filter((f) => f.optionList === list)
    .map((f) => `${pick(f.label, locale) || f.field} (${pick(f.formTitle, locale) || f.form})`);
  const base = listPointer(list);
  const name = listName(list);
  return (
    <div className="studio-option-lists">
      <p className="meta">{t('optionLists.intro')}</p>
      <label htmlFor="studio-option-list">{t('optionLists.choose')}</label>{' '}
      <select id="studio-option-list" value={list} onChange={(e) => setChosen(e.target.value)}>
        {ids.map((l) => (
          <option key={l} value={l}>
            {listName(l)}
          </option>
        ))}
      </select>
      <p className="meta">{usedBy.length ? t('optionLists.usedBy', { fields: usedBy.join(', ') }) : t('optionLists.unused')}</p>
      <FindingList findings={draft.findings.filter((f) => f.pointer === base)} t={t} />
      <ol className="studio-options" aria-label={t('optionLists.options', { list: name })}>
        {options.map((o, k) => {
          const label = pick(o.label, locale) || o.value;
          const found = findingsAt(draft.findings, `${base}/${k}`);
          return (
            <li key={`${k}-${o.value}`} className={found.length ? 'has-findings' : undefined} data-option={o.value}>
              <strong>
                <bdi>{label}</bdi>
              </strong>
              <LabelsSideBySide label={o.label} locales={locales} />
              <div className="studio-option-actions">
                <button
                  type="button"
                  disabled={props.busy || k === 0}
                  aria-label={t('optionLists.up', { option: label })}
                  onClick={() => void props.send(moveOption(list, k, o, -1))}
                >
                  {t('optionLists.upShort')}
                </button>{' '}
                <button
                  type="button"
                  disabled={props.busy || k === options.length - 1}
                  aria-label={t('optionLists.down', { option: label })}
                  onClick={() => void props.send(moveOption(list, k, o, 1))}
                >
                  {t('optionLists.downShort')}
                </button>{' '}
                <button type="button" disabled={props.busy} onClick={() => void props.send(removeOption(list, k, o))}>
                  {t('optionLists.remove', { option: label })}
                </button>
              </div>
              <Disclosure summary={t('optionLists.change', { option: label })}>
                <Relabel option={o} name={label} locales={locales} t={t} busy={props.busy} onSave={(l) => props.send(relabelOption(list, k, o, l))} />
              </Disclosure>
              <FindingList findings={found} t={t} />
            </li>
          );
        })}
      </ol>
      <ReferenceList title={t('optionLists.references')} findings={references} t={t} nameOf={props.nameOf} />
      <AddOption
        key={list}
        name={name}
        locales={locales}
        t={t}
        busy={props.busy}
        taken={new Set(options.map((o) => o.value))}
        onAdd={(o) => props.send(addOption(list, o))}
      />
    </div>
  );
}

function Relabel(props: { option: DraftOption; name: string; locales: string[]; t: StudioT; busy: boolean; onSave(l: Label): Promise<boolean> }) {
  const { t } = props;
  // What the user typed stays until saved, even when the save is refused.
  const [label, setLabel] = useState<Label>({ ...props.option.label });
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const missing = missingLabels(label, props.locales);
    if (missing.length) return setProblem(t('studio.add.labelMissing', { languages: missing.join(', ') }));
    setProblem(null);
    await props.onSave(label);
  };
  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <LabelInputs legend={t('optionLists.labelsOf', { option: props.name })} locales={props.locales} label={label} onChange={setLabel} />
      <button type="submit" disabled={props.busy}>
        {t('optionLists.save')}
      </button>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </form>
  );
}

function AddOption(props: { name: string; locales: string[]; t: StudioT; busy: boolean; taken: Set<string>; onAdd(o: DraftOption): Promise<boolean> }) {
  const { t } = props;
  const blank: DraftOption = { value: '', label: {} };
  const [option, setOption] = useState(blank);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!OPTION_VALUE.test(option.value)) return setProblem(t('optionLists.add.badValue'));
    if (props.taken.has(option.value)) return setProblem(t('optionLists.add.taken'));
    const missing = missingLabels(option.label, props.locales);
    if (missing.length) return setProblem(t('studio.add.labelMissing', { languages: missing.join(', ') }));
    setProblem(null);
    if (await props.onAdd(option)) setOption(blank);
  };
  return (
    <form className="studio-add-option" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('optionLists.add.title', { list: props.name })}</h3>
      <div className="studio-grid">
        <label htmlFor="studio-option-value">{t('optionLists.add.value')}</label>
        <input
          id="studio-option-value"
          dir="ltr"
          value={option.value}
          onChange={(e) => setOption({ ...option, value: e.target.value.trim() })}
          aria-describedby="studio-option-value-help"
        />
        <p id="studio-option-value-help" className="meta">
          {t('optionLists.add.valueHelp')}
        </p>
      </div>
      <LabelInputs legend={t('roles.labels')} locales={props.locales} label={option.label} onChange={(label) => setOption({ ...option, label })} />
      <p>
        <button type="submit" disabled={props.busy}>
          {t('optionLists.add.submit')}
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
