import { FormEvent, useState } from 'react';
import { LOCALES } from '../../i18n';
import { DraftView, Duration, packLocales, PatchOperation } from './draft-model';
import {
  addDeadline,
  ANCHOR_EVENTS,
  changeAnchor,
  Choice,
  CLOSE_EVENTS,
  DeadlineChoices,
  deadlineChoices,
  DeadlineEvent,
  deadlineIdFor,
  detailsOf,
  eventValue,
  missingDetail,
  NewDeadline,
  removeDeadline,
} from './deadline-model';
import { EscalationList, OffsetInput } from './escalation-editor';
import { LabelInputs } from './label-inputs';
import { useDeadlinesT } from './studio-deadlines-texts';
import './studio-deadlines.css';
import type { StudioT } from './studio-texts';

/** An event that starts or stops a deadline: the event, then the step, form, date field or transition it needs. */
export function EventPicker(props: {
  idPrefix: string;
  legend: string;
  events: readonly string[];
  value: DeadlineEvent;
  choices: DeadlineChoices;
  t: StudioT;
  onChange(e: DeadlineEvent): void;
}) {
  const { idPrefix, value, choices, t } = props;
  const options: Record<string, Choice[]> = {
    step: choices.steps,
    form: choices.forms,
    transition: choices.transitions,
    field: value.form ? choices.dateFields(value.form) : [],
  };
  return (
    <fieldset className="studio-event">
      <legend>{props.legend}</legend>
      <div className="studio-grid">
        <label htmlFor={`${idPrefix}-event`}>{t('studio.dl.event')}</label>
        <select id={`${idPrefix}-event`} value={value.event} onChange={(e) => props.onChange({ ...value, event: e.target.value })}>
          {props.events.map((ev) => (
            <option key={ev} value={ev}>
              {t(`studio.dl.event.${ev}`)}
            </option>
          ))}
        </select>
        {detailsOf(value.event).map((k) => (
          <DetailSelect
            key={k}
            id={`${idPrefix}-${k}`}
            label={t(`studio.dl.detail.${k}`)}
            choose={t('studio.dl.choose')}
            options={options[k] ?? []}
            value={value[k] ?? ''}
            onChange={(v) => props.onChange({ ...value, [k]: v, ...(k === 'form' ? { field: '' } : {}) })}
          />
        ))}
      </div>
    </fieldset>
  );
}

function DetailSelect(props: { id: string; label: string; choose: string; options: Choice[]; value: string; onChange(v: string): void }) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.choose}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** A new deadline: its label, what starts and stops it, when it is due (per risk level if wanted) and its escalations. */
export function DeadlineAdd(props: { draft: DraftView; locale: string; busy: boolean; send(ops: PatchOperation[]): Promise<boolean> }) {
  const t = useDeadlinesT();
  const files = props.draft.files as Record<string, any>;
  const choices = deadlineChoices(files, props.locale);
  const locales = packLocales(files);
  const blank: NewDeadline = {
    id: '',
    label: {},
    caseType: choices.caseTypes[0]?.value ?? '',
    anchor: { event: 'case_registered' },
    closeOn: { event: 'form_submitted', form: '' },
    due: { hours: 24 },
    byRisk: {},
    escalation: [],
  };
  // Kept until the server saved it: a refused edit loses nothing typed.
  const [d, setD] = useState<NewDeadline>(blank);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing = locales.filter((l) => !d.label[l]?.trim());
    if (missing.length) return setProblem(t('studio.add.labelMissing', { languages: missing.map((l) => LOCALES[l]?.name ?? l).join(', ') }));
    const detail = missingDetail(d.anchor) ?? missingDetail(d.closeOn);
    if (detail) return setProblem(t('studio.dl.detailMissing', { detail: t(`studio.dl.detail.${detail}`) }));
    if (d.escalation.some((x) => !x.notify.length)) return setProblem(t('studio.esc.nobody'));
    setProblem(null);
    const at = files['deadlines.json']?.deadlines?.length ?? 0;
    if (await props.send(addDeadline({ ...d, id: deadlineIdFor(files, d.label) }, at))) setD(blank);
  };
  const setRisk = (risk: string, after: Duration | undefined) => {
    const byRisk = { ...d.byRisk };
    if (after) byRisk[risk] = after;
    else delete byRisk[risk];
    setD({ ...d, byRisk });
  };
  return (
    <form className="studio-add-deadline" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('studio.dl.add')}</h3>
      <LabelInputs legend={t('studio.dl.labels')} locales={locales} label={d.label} onChange={(label) => setD({ ...d, label })} />
      <div className="studio-grid">
        <label htmlFor="studio-dl-case-type">{t('studio.dl.caseType')}</label>
        <select id="studio-dl-case-type" value={d.caseType} onChange={(e) => setD({ ...d, caseType: e.target.value })}>
          {choices.caseTypes.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
          <option value="">{t('studio.dl.everyCaseType')}</option>
        </select>
      </div>
      <EventPicker
        idPrefix="studio-dl-anchor"
        legend={t('studio.dl.starts')}
        events={ANCHOR_EVENTS}
        value={d.anchor}
        choices={choices}
        t={t}
        onChange={(anchor) => setD({ ...d, anchor })}
      />
      <EventPicker
        idPrefix="studio-dl-close"
        legend={t('studio.dl.stops')}
        events={CLOSE_EVENTS}
        value={d.closeOn}
        choices={choices}
        t={t}
        onChange={(closeOn) => setD({ ...d, closeOn })}
      />
      <fieldset>
        <legend>{t('studio.dl.due')}</legend>
        <p className="meta">{t('studio.dl.riskHelp')}</p>
        <div className="studio-grid">
          {choices.risks.map((r) => (
            <OffsetInput
              key={r.value}
              id={`studio-dl-risk-${r.value}`}
              label={t('studio.deadline.offsetOf', { what: t('studio.deadline.risk', { risk: r.label }) })}
              value={d.byRisk[r.value]}
              optional
              t={t}
              onChange={(after) => setRisk(r.value, after)}
            />
          ))}
          <OffsetInput
            id="studio-dl-due"
            label={t('studio.deadline.offsetOf', { what: t(choices.risks.length ? 'studio.deadline.otherwise' : 'studio.dl.everyCase') })}
            value={d.due}
            t={t}
            onChange={(due) => setD({ ...d, due: due ?? { hours: 0 } })}
          />
        </div>
      </fieldset>
      <EscalationList idPrefix="studio-dl-new" files={files} locale={props.locale} value={d.escalation} onChange={(escalation) => setD({ ...d, escalation })} />
      <p>
        <button type="submit" disabled={props.busy}>
          {t('studio.dl.submit')}
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

/** What starts the deadline, in words: the event and the step, form, date field or transition it names by label. */
export function eventWords(e: DeadlineEvent, choices: DeadlineChoices, t: StudioT): string {
  const name = (list: Choice[], v?: string) => list.find((c) => c.value === v)?.label ?? v ?? '';
  return t(`studio.dl.says.${e.event}`, {
    step: name(choices.steps, e.step),
    form: name(choices.forms, e.form),
    field: e.form ? name(choices.dateFields(e.form), e.field) : (e.field ?? ''),
    transition: name(choices.transitions, e.transition),
  });
}

/** A deadline's anchor, shown in words and changed with the event picker. */
export function AnchorEditor(props: {
  index: number;
  deadline: any;
  label: string;
  draft: DraftView;
  locale: string;
  busy: boolean;
  send(ops: PatchOperation[]): Promise<boolean>;
}) {
  const t = useDeadlinesT();
  const choices = deadlineChoices(props.draft.files as Record<string, any>, props.locale);
  const anchor: DeadlineEvent = props.deadline.anchor ?? { event: 'case_registered' };
  const [value, setValue] = useState<DeadlineEvent>(anchor);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async () => {
    const detail = missingDetail(value);
    if (detail) return setProblem(t('studio.dl.detailMissing', { detail: t(`studio.dl.detail.${detail}`) }));
    setProblem(null);
    await props.send(changeAnchor(props.index, value));
  };
  return (
    <div className="studio-anchor">
      <p>
        <strong>{t('studio.dl.startsNow')}</strong> <bdi>{eventWords(anchor, choices, t)}</bdi>
      </p>
      <details>
        <summary>{t('studio.dl.changeAnchor', { deadline: props.label })}</summary>
        <EventPicker
          idPrefix={`studio-deadline-${props.index}-anchor`}
          legend={t('studio.dl.starts')}
          events={ANCHOR_EVENTS}
          value={value}
          choices={choices}
          t={t}
          onChange={setValue}
        />
        <button type="button" disabled={props.busy || JSON.stringify(eventValue(value)) === JSON.stringify(eventValue(anchor))} onClick={() => void save()}>
          {t('studio.dl.saveAnchor', { deadline: props.label })}
        </button>
        {problem && (
          <p role="alert" className="problem">
            {problem}
          </p>
        )}
      </details>
    </div>
  );
}

/** Removing a deadline asks first, in words: cases started on this version keep theirs. */
export function RemoveDeadline(props: { index: number; label: string; busy: boolean; send(ops: PatchOperation[]): Promise<boolean> }) {
  const t = useDeadlinesT();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="studio-danger" disabled={props.busy} onClick={() => setAsking(true)}>
        {t('studio.dl.remove', { deadline: props.label })}
      </button>
    );
  }
  return (
    <div role="group" aria-label={t('studio.dl.remove', { deadline: props.label })} className="studio-confirm">
      <p>{t('studio.dl.removeConfirm', { deadline: props.label })}</p>
      <button type="button" className="studio-danger" disabled={props.busy} onClick={() => void props.send(removeDeadline(props.index))}>
        {t('studio.dl.removeYes')}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        {t('studio.dl.keep')}
      </button>
    </div>
  );
}
