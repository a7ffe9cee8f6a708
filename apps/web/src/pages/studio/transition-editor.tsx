import { FormEvent, useId, useState } from 'react';
import { LOCALES } from '../../i18n';
import { pick } from '../../sop';
import type { Label } from './draft-model';
import { GuardBuilder, GuardSource } from './guard-builder';
import type { StudioT } from './studio-texts';
import { GuardField, PACK_ID, PREVIOUS_STEP, StepDef, TransitionDef } from './workflow-model';
import { LabelInputs } from './label-inputs';

/** A guard being edited: its rule is null while incomplete or not JSON. */
interface GuardEdit {
  key: number;
  initial: unknown;
  rule: unknown;
  message: Label;
}

export interface TransitionContext {
  steps: StepDef[];
  roles: Array<{ id: string; label: Label }>;
  /** The draft's forms by title: those a transition may require complete. */
  forms: Array<{ id: string; label: Label }>;
  fields: GuardField[];
  sources: GuardSource[];
  locales: string[];
  locale: string;
  t: StudioT;
  busy: boolean;
}

let nextKey = 0;

/** Label, from, to, who may take it and the guards with their messages; a new transition also gets its identifier. */
export function TransitionEditor(
  props: TransitionContext & { transition?: TransitionDef; taken: Set<string>; submit: string; onSave(t: TransitionDef): Promise<boolean> },
) {
  const { t, steps, locale } = props;
  const id = useId();
  const start = props.transition;
  const blank = () => ({
    id: '',
    label: {} as Label,
    from: [] as string[] | '*',
    to: '',
    roles: [] as string[],
    approvers: [] as string[],
    requiresForms: [] as string[],
    guards: [] as GuardEdit[],
  });
  const fromTransition = (x: TransitionDef) => ({
    ...x,
    approvers: x.approval?.roles ?? [],
    requiresForms: (x.requiresForms as string[] | undefined) ?? [],
    guards: (x.guards ?? []).map((g) => ({ key: nextKey++, initial: g.rule, rule: g.rule, message: { ...g.message } })),
  });
  // What the user picked stays until saved, even when the save is refused.
  const [f, setF] = useState(() => (start ? fromTransition(start) : blank()));
  const [problem, setProblem] = useState<string | null>(null);
  const fromAny = f.from === '*';
  const fromList = Array.isArray(f.from) ? f.from : [];
  const names = (langs: string[]) => langs.map((l) => LOCALES[l]?.name ?? l).join(', ');

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const missing = props.locales.filter((l) => !f.label[l]?.trim());
    const problemOf = (): string | null => {
      if (!start && !PACK_ID.test(f.id)) return t('studio.wf.badId');
      if (!start && props.taken.has(f.id)) return t('studio.wf.transition.taken');
      if (missing.length) return t('studio.add.labelMissing', { languages: names(missing) });
      if (!fromAny && fromList.length === 0) return t('studio.wf.transition.noFrom');
      if (!f.to) return t('studio.wf.transition.noTo');
      if (f.roles.length === 0) return t('studio.wf.transition.noRoles');
      const i = f.guards.findIndex((g) => g.rule === null || g.rule === undefined);
      if (i >= 0) return t('studio.wf.transition.guardIncomplete', { n: i + 1 });
      const j = f.guards.findIndex((g) => props.locales.some((l) => !g.message[l]?.trim()));
      if (j >= 0) return t('studio.wf.transition.messageMissing', { n: j + 1, languages: names(props.locales.filter((l) => !f.guards[j].message[l]?.trim())) });
      return null;
    };
    const p = problemOf();
    setProblem(p);
    if (p) return;
    const { guards, approvers, ...rest } = f;
    const out: TransitionDef = { ...rest };
    if (guards.length) out.guards = guards.map((g) => ({ rule: g.rule, message: g.message }));
    else delete out.guards;
    if (approvers.length) out.approval = { roles: approvers };
    else delete out.approval;
    if (!f.requiresForms.length) delete out.requiresForms;
    if ((await props.onSave(out)) && !start) setF(blank());
  };
  const setGuard = (key: number, change: Partial<GuardEdit>) => setF((x) => ({ ...x, guards: x.guards.map((g) => (g.key === key ? { ...g, ...change } : g)) }));

  return (
    <form className="studio-transition-form" onSubmit={(e) => void save(e)} noValidate>
      {!start && (
        <p className="studio-grid">
          <label htmlFor={`${id}-id`}>{t('studio.add.id')}</label>
          <input id={`${id}-id`} dir="ltr" value={f.id} aria-describedby={`${id}-id-help`} onChange={(e) => setF({ ...f, id: e.target.value.trim() })} />
          <span id={`${id}-id-help`} className="meta">
            {t('studio.wf.idHelp')}
          </span>
        </p>
      )}
      <LabelInputs legend={t('studio.wf.transition.labels')} locales={props.locales} label={f.label} onChange={(label) => setF({ ...f, label })} />
      <fieldset className="studio-choices">
        <legend>{t('studio.wf.transition.from')}</legend>
        <label className="choice">
          <input type="checkbox" checked={fromAny} onChange={(e) => setF({ ...f, from: e.target.checked ? '*' : [] })} /> {t('studio.wf.transition.fromAny')}
        </label>
        {!fromAny &&
          steps.map((s) => (
            <label key={s.id} className="choice">
              <input
                type="checkbox"
                checked={fromList.includes(s.id)}
                onChange={(e) => setF({ ...f, from: e.target.checked ? [...fromList, s.id] : fromList.filter((x) => x !== s.id) })}
              />{' '}
              {pick(s.label, locale) || s.id}
            </label>
          ))}
      </fieldset>
      <p className="studio-grid">
        <label htmlFor={`${id}-to`}>{t('studio.wf.transition.to')}</label>
        <select id={`${id}-to`} value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })}>
          <option value="">{t('studio.wf.guard.choose')}</option>
          {/* A step removed since: still shown, by its identifier, until another is picked. */}
          {f.to && f.to !== PREVIOUS_STEP && !steps.some((s) => s.id === f.to) && <option value={f.to}>{t('studio.wf.missingStep', { id: f.to })}</option>}
          {steps.map((s) => (
            <option key={s.id} value={s.id}>
              {pick(s.label, locale) || s.id}
            </option>
          ))}
          <option value={PREVIOUS_STEP}>{t('studio.wf.previous')}</option>
        </select>
      </p>
      <RoleChoices legend={t('studio.wf.transition.roles')} {...props} chosen={f.roles} onChange={(roles) => setF({ ...f, roles })} />
      <RoleChoices legend={t('studio.wf.transition.approval')} {...props} chosen={f.approvers} onChange={(approvers) => setF({ ...f, approvers })} />
      {/* The same checkboxes, of forms: those that must be complete before the transition is taken. */}
      <RoleChoices
        legend={t('studio.wf.transition.requiresForms')}
        roles={props.forms}
        locale={locale}
        chosen={f.requiresForms}
        onChange={(requiresForms) => setF({ ...f, requiresForms })}
      />
      {f.guards.map((g, i) => (
        <fieldset key={g.key} className="studio-guard-edit">
          <legend>{t('studio.wf.guard.title', { n: i + 1 })}</legend>
          <GuardBuilder rule={g.initial} fields={props.fields} sources={props.sources} locale={locale} t={t} onChange={(rule) => setGuard(g.key, { rule })} />
          <LabelInputs legend={t('studio.wf.guard.message')} locales={props.locales} label={g.message} onChange={(message) => setGuard(g.key, { message })} />
          <button type="button" onClick={() => setF({ ...f, guards: f.guards.filter((x) => x.key !== g.key) })}>
            {t('studio.wf.guard.remove', { n: i + 1 })}
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" onClick={() => setF({ ...f, guards: [...f.guards, { key: nextKey++, initial: undefined, rule: null, message: {} }] })}>
          {t('studio.wf.guard.add')}
        </button>{' '}
        <button type="submit" disabled={props.busy}>
          {props.submit}
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

/** Roles by their labels, as checkboxes. */
function RoleChoices(props: { legend: string; roles: TransitionContext['roles']; locale: string; chosen: string[]; onChange(roles: string[]): void }) {
  return (
    <fieldset className="studio-choices">
      <legend>{props.legend}</legend>
      {props.roles.map((r) => (
        <label key={r.id} className="choice">
          <input
            type="checkbox"
            checked={props.chosen.includes(r.id)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.chosen, r.id] : props.chosen.filter((x) => x !== r.id))}
          />{' '}
          {pick(r.label, props.locale) || r.id}
        </label>
      ))}
    </fieldset>
  );
}
