import { useState } from 'react';
import { durationOf, Duration, DraftView, offsetOf, PatchOperation, Unit } from './draft-model';
import { deadlineChoices, Escalation, setEscalations, templateSubject } from './deadline-model';
import { useDeadlinesT } from './studio-deadlines-texts';
import type { StudioT } from './studio-texts';

/** Who an escalation may notify besides the pack's roles: the case's owner and the owner's supervisor. */
const SPECIAL_RECIPIENTS = ['case_owner', 'case_owner_supervisor'];

/** A number and its unit (hours or days); `optional`: blank means none. */
export function OffsetInput(props: {
  id: string;
  label: string;
  value: Duration | undefined;
  optional?: boolean;
  t: StudioT;
  onChange(d: Duration | undefined): void;
}) {
  const { n, unit } = offsetOf(props.value);
  const [blankUnit, setBlankUnit] = useState<Unit>('hours');
  const shownUnit = props.value ? unit : blankUnit;
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <span>
        <input
          id={props.id}
          type="number"
          min={0}
          inputMode="numeric"
          value={props.value ? n : ''}
          onChange={(e) =>
            props.onChange(e.target.value === '' && props.optional ? undefined : durationOf(Math.max(0, Number(e.target.value) || 0), shownUnit, props.value))
          }
        />{' '}
        <select
          aria-label={props.t('studio.deadline.unitOf', { what: props.label })}
          value={shownUnit}
          onChange={(e) => (props.value ? props.onChange(durationOf(n, e.target.value as Unit, props.value)) : setBlankUnit(e.target.value as Unit))}
        >
          <option value="hours">{props.t('studio.unit.hours')}</option>
          <option value="days">{props.t('studio.unit.days')}</option>
        </select>
      </span>
    </>
  );
}

/** Escalations of a deadline, each: after how long overdue, to whom, with which message template. */
export function EscalationList(props: { idPrefix: string; files: Record<string, any>; locale: string; value: Escalation[]; onChange(e: Escalation[]): void }) {
  const t = useDeadlinesT();
  const { idPrefix, value } = props;
  const choices = deadlineChoices(props.files, props.locale);
  const recipients = [...SPECIAL_RECIPIENTS.map((r) => ({ value: r, label: t(`studio.esc.to.${r}`) })), ...choices.roles];
  const set = (i: number, patch: Partial<Escalation>) => props.onChange(value.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  return (
    <fieldset className="studio-escalations">
      <legend>{t('studio.esc.title')}</legend>
      {value.length === 0 && <p className="meta">{t('studio.esc.none')}</p>}
      <ol>
        {value.map((e, i) => {
          const name = t('studio.esc.n', { n: i + 1 });
          return (
            <li key={i}>
              <div className="studio-grid">
                <OffsetInput
                  id={`${idPrefix}-esc-${i}-after`}
                  label={t('studio.esc.after', { what: name })}
                  value={e.afterOverdue}
                  t={t}
                  onChange={(d) => set(i, { afterOverdue: d ?? { hours: 0 } })}
                />
                <label htmlFor={`${idPrefix}-esc-${i}-template`}>{t('studio.esc.template', { what: name })}</label>
                <select id={`${idPrefix}-esc-${i}-template`} value={e.template ?? ''} onChange={(ev) => set(i, { template: ev.target.value || undefined })}>
                  <option value="">{t('studio.esc.defaultTemplate')}</option>
                  {choices.templates.map((id) => (
                    <option key={id} value={id}>
                      {templateSubject(props.files, id, props.locale)}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset className="studio-recipients">
                <legend>{t('studio.esc.notify', { what: name })}</legend>
                {recipients.map((r) => (
                  <label key={r.value} className="choice">
                    <input
                      type="checkbox"
                      checked={e.notify.includes(r.value)}
                      onChange={(ev) => set(i, { notify: ev.target.checked ? [...e.notify, r.value] : e.notify.filter((x) => x !== r.value) })}
                    />{' '}
                    {r.label}
                  </label>
                ))}
              </fieldset>
              <button type="button" onClick={() => props.onChange(value.filter((_, j) => j !== i))}>
                {t('studio.esc.remove', { what: name })}
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => props.onChange([...value, { afterOverdue: { hours: 24 }, notify: [] }])}>
        {t('studio.esc.add')}
      </button>
    </fieldset>
  );
}

/** A published deadline's escalations, edited together and saved as one change. */
export function EscalationEditor(props: {
  index: number;
  deadline: any;
  label: string;
  draft: DraftView;
  locale: string;
  busy: boolean;
  send(ops: PatchOperation[]): Promise<boolean>;
}) {
  const t = useDeadlinesT();
  const initial: Escalation[] = props.deadline.escalation ?? [];
  const server = JSON.stringify(initial);
  // What was typed stays until the server's escalations of this deadline change (as the offsets above).
  const [typed, setTyped] = useState({ server, value: initial });
  if (typed.server !== server) setTyped({ server, value: initial });
  const value = typed.server === server ? typed.value : initial;
  const [problem, setProblem] = useState<string | null>(null);
  const changed = JSON.stringify(value) !== server;
  const save = async () => {
    if (value.some((e) => !e.notify.length)) return setProblem(t('studio.esc.nobody'));
    setProblem(null);
    await props.send(setEscalations(props.index, props.deadline.escalation !== undefined, value));
  };
  return (
    <details className="studio-escalation-editor">
      <summary>{t('studio.esc.summary', { deadline: props.label, n: initial.length })}</summary>
      <EscalationList
        idPrefix={`studio-deadline-${props.index}`}
        files={props.draft.files as Record<string, any>}
        locale={props.locale}
        value={value}
        onChange={(next) => setTyped({ server, value: next })}
      />
      <button type="button" disabled={props.busy || !changed} onClick={() => void save()}>
        {t('studio.esc.save', { deadline: props.label })}
      </button>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </details>
  );
}
