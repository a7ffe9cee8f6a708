import { FormEvent, ReactNode, useState } from 'react';
import { LOCALES } from '../../i18n';
import { pick } from '../../sop';
import { DraftFinding, DraftView, findingsAt, Label, packLocales, PatchOperation } from './draft-model';
import { FindingList } from './finding-list';
import {
  addRole,
  addRule,
  changeRole,
  DraftRole,
  draftRoles,
  removeRole,
  removeRule,
  replaceRule,
  ROLE_ID,
  ROLE_REFERENCE_CODES,
  rolePointer,
  roleReferences,
  rulePointer,
  ruleSentence,
} from './roles-model';
import { RuleEditor } from './rule-editor';
import type { StudioT } from './studio-texts';
import './roles.css';
import { LabelInputs } from './label-inputs';

export interface RolesEditorProps {
  draft: DraftView;
  locale: string;
  /** The roles texts (useRolesT). */
  t: StudioT;
  send(ops: PatchOperation[]): Promise<boolean>;
  busy: boolean;
  /** An element of the draft by its labels, for findings elsewhere in the pack. */
  nameOf(pointer: string): string;
}

/** roles.json: each role by its labels in every language, its rules in words (changed with pickers), add and remove roles. */
export function RolesEditor(props: RolesEditorProps) {
  const { draft, t } = props;
  const roles = draftRoles(draft.files);
  const references = draft.findings.filter((f) => ROLE_REFERENCE_CODES.includes(f.code) && f.file !== 'roles.json');
  return (
    <div className="studio-roles-editor">
      <p className="meta">{t('roles.intro')}</p>
      <ul className="studio-roles">
        {roles.map((role, i) => (
          <RoleItem key={`${i}-${role.id}`} index={i} role={role} {...props} />
        ))}
      </ul>
      <ReferenceList title={t('roles.references')} findings={references} t={t} nameOf={props.nameOf} />
      <AddRole {...props} taken={new Set(roles.map((r) => r.id))} />
    </div>
  );
}

function RoleItem(props: RolesEditorProps & { index: number; role: DraftRole }) {
  const { role, index: i, draft, locale, t } = props;
  const name = pick(role.label, locale) || role.id;
  const locales = packLocales(draft.files);
  const base = rolePointer(i);
  const own = findingsAt(draft.findings, base).filter((f) => !f.pointer.startsWith(`${base}/rules/`));
  const hasFindings = findingsAt(draft.findings, base).length > 0;
  const titleId = `studio-role-${i}`;
  return (
    <li className={hasFindings ? 'has-findings' : undefined} data-role={role.id}>
      <h3 id={titleId}>
        <bdi>{name}</bdi>
      </h3>
      <LabelsSideBySide label={role.label} locales={locales} />
      {role.description && (
        <p className="meta" lang={(draft.files as Record<string, any>)['pack.json']?.defaultLocale ?? 'en'}>
          {role.description}
        </p>
      )}
      <FindingList findings={own} t={t} />
      {/* A pack has many rules: each role's are folded, and open when one of them has a finding. */}
      <Disclosure
        summary={t('roles.rulesSummary', { role: name, n: role.rules.length })}
        initiallyOpen={hasFindings && own.length < findingsAt(draft.findings, base).length}
      >
        {role.rules.length === 0 ? (
          <p className="meta">{t('roles.noRules')}</p>
        ) : (
          <ol className="studio-rules">
            {role.rules.map((rule, j) => (
              <li key={`${j}-${JSON.stringify(rule)}`} className={findingsAt(draft.findings, rulePointer(i, j)).length ? 'has-findings' : undefined}>
                <span className="studio-rule-words">{ruleSentence(rule, draft.files, locale, t)}</span>
                <FindingList findings={findingsAt(draft.findings, rulePointer(i, j))} t={t} />
                <Disclosure summary={t('roles.rule.change', { n: j + 1 })}>
                  <RuleEditor
                    files={draft.files}
                    locale={locale}
                    t={t}
                    busy={props.busy}
                    initial={rule}
                    idPrefix={`studio-rule-${i}-${j}`}
                    onSave={(r) => props.send(replaceRule(i, role, j, r))}
                  />
                </Disclosure>
                <button type="button" disabled={props.busy} onClick={() => void props.send(removeRule(i, role, j))}>
                  {t('roles.rule.remove', { n: j + 1, role: name })}
                </button>
              </li>
            ))}
          </ol>
        )}
        <Disclosure summary={t('roles.rule.add', { role: name })}>
          <RuleEditor
            files={draft.files}
            locale={locale}
            t={t}
            busy={props.busy}
            idPrefix={`studio-rule-${i}-new`}
            onSave={(r) => props.send(addRule(i, role, r))}
            clearOnSave
          />
        </Disclosure>
      </Disclosure>
      <Disclosure summary={t('roles.change', { role: name })}>
        <ChangeRole role={role} name={name} locales={locales} t={t} busy={props.busy} onSave={(l, d) => props.send(changeRole(i, role, l, d))} />
      </Disclosure>
      <RemoveRole {...props} name={name} />
    </li>
  );
}

/** Removing a role asks first, naming what in the pack still refers to it (each will be an error until changed). */
function RemoveRole(props: RolesEditorProps & { index: number; role: DraftRole; name: string }) {
  const { t, role, name } = props;
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" disabled={props.busy} onClick={() => setAsking(true)}>
        {t('roles.remove', { role: name })}
      </button>
    );
  const named = [...new Set(roleReferences(props.draft.files, role.id).map((p) => props.nameOf(p)))];
  return (
    <div className="studio-remove-role">
      <p>
        {t('roles.removeConfirm', { role: name, n: role.rules.length })}
        {named.length > 0 && <> {t('roles.removeStillNamed', { elements: named.join(', ') })}</>}
      </p>
      <button type="button" disabled={props.busy} onClick={() => void props.send(removeRole(props.index, role))}>
        {t('roles.removeYes', { role: name })}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        {t('roles.removeKeep')}
      </button>
    </div>
  );
}

/** A details element whose content exists only while open: a pack has many rules, each with its editor. */
export function Disclosure({ summary, children, initiallyOpen = false }: { summary: string; children: ReactNode; initiallyOpen?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details className="studio-disclosure" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{summary}</summary>
      {open && children}
    </details>
  );
}

/** Every language's label at once, each in its language and direction. */
export function LabelsSideBySide({ label, locales }: { label: Label; locales: string[] }) {
  return (
    <dl className="studio-labels-side">
      {locales.map((l) => (
        <div key={l}>
          <dt>{LOCALES[l]?.name ?? l}</dt>
          <dd lang={l} dir={LOCALES[l]?.dir ?? 'ltr'}>
            {label?.[l] || '—'}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export const missingLabels = (label: Label, locales: string[]) => locales.filter((l) => !label[l]?.trim()).map((l) => LOCALES[l]?.name ?? l);

/** Findings elsewhere in the pack that this section's removals cause, each named by its element. */
export function ReferenceList(props: { title: string; findings: DraftFinding[]; t: StudioT; nameOf(pointer: string): string }) {
  if (!props.findings.length) return null;
  return (
    <div className="studio-references">
      <p>{props.title}</p>
      <ul className="studio-findings-here">
        {props.findings.map((f, i) => (
          <li key={i} className={`severity-${f.severity}`} data-code={f.code}>
            <strong>{props.t(`studio.severity.${f.severity}`)}</strong> <bdi>{props.nameOf(f.pointer)}</bdi>: <span lang="en">{f.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ChangeRole(props: {
  role: DraftRole;
  name: string;
  locales: string[];
  t: StudioT;
  busy: boolean;
  onSave(label: Label, description: string): Promise<boolean>;
}) {
  const { t } = props;
  // What the user typed stays until saved, even when the save is refused.
  const [label, setLabel] = useState<Label>({ ...props.role.label });
  const [description, setDescription] = useState(props.role.description ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const id = `studio-role-desc-${props.role.id}`;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const missing = missingLabels(label, props.locales);
    if (missing.length) return setProblem(t('studio.add.labelMissing', { languages: missing.join(', ') }));
    setProblem(null);
    await props.onSave(label, description);
  };
  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <LabelInputs legend={t('roles.labelsOf', { role: props.name })} locales={props.locales} label={label} onChange={setLabel} />
      <label htmlFor={id}>{t('roles.description')}</label>
      <textarea id={id} value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
      <p>
        <button type="submit" disabled={props.busy}>
          {t('roles.save')}
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

function AddRole(props: RolesEditorProps & { taken: Set<string> }) {
  const { t, draft } = props;
  const locales = packLocales(draft.files);
  const blank = { id: '', label: {} as Label, description: '' };
  // Kept until the server saved it: a refused edit loses nothing typed.
  const [role, setRole] = useState(blank);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ROLE_ID.test(role.id)) return setProblem(t('roles.add.badId'));
    if (props.taken.has(role.id)) return setProblem(t('roles.add.taken'));
    const missing = missingLabels(role.label, locales);
    if (missing.length) return setProblem(t('studio.add.labelMissing', { languages: missing.join(', ') }));
    setProblem(null);
    if (await props.send(addRole(role))) setRole(blank);
  };
  return (
    <form className="studio-add-role" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('roles.add.title')}</h3>
      <div className="studio-grid">
        <label htmlFor="studio-role-id">{t('roles.add.id')}</label>
        <input
          id="studio-role-id"
          value={role.id}
          dir="ltr"
          onChange={(e) => setRole({ ...role, id: e.target.value.trim() })}
          aria-describedby="studio-role-id-help"
        />
        <p id="studio-role-id-help" className="meta">
          {t('roles.add.idHelp')}
        </p>
      </div>
      <LabelInputs legend={t('roles.labels')} locales={locales} label={role.label} onChange={(label) => setRole({ ...role, label })} />
      <div className="studio-grid">
        <label htmlFor="studio-role-description">{t('roles.description')}</label>
        <textarea id="studio-role-description" rows={2} value={role.description} onChange={(e) => setRole({ ...role, description: e.target.value })} />
      </div>
      <p>
        <button type="submit" disabled={props.busy}>
          {t('roles.add.submit')}
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
