import { FormEvent, useId, useState } from 'react';
import { LOCALES } from '../../i18n';
import { pick } from '../../sop';
import { draftForms, DraftView, findingsAt, Label, packLocales, PatchOperation } from './draft-model';
import { FindingList } from './finding-list';
import { guardWords } from './guard-builder';
import { guardSentence, parseGuard } from './guard-logic';
import type { StudioT } from './studio-texts';
import { LabelInputs } from './label-inputs';
import { TransitionContext, TransitionEditor } from './transition-editor';
import {
  addStep,
  addTransition,
  CASE_SOURCE,
  guardFields,
  PACK_ID,
  packRoles,
  PREVIOUS_STEP,
  removeStep,
  removeTransition,
  renameStep,
  replaceTransition,
  STEP_KINDS,
  StepDef,
  stepPointer,
  TransitionDef,
  transitionPointer,
  transitionsAt,
  workflowSteps,
  workflowTransitions,
} from './workflow-model';
import { StepFormsEditor } from './step-forms-editor';
import { useWorkflowT } from './workflow-texts';
import './workflow-editor.css';

/** The studio's section for the workflow, with its own heading (its texts are the workflow editor's). */
export function WorkflowSection(props: { draft: DraftView; locale: string; send(ops: PatchOperation[]): Promise<boolean>; busy: boolean }) {
  const t = useWorkflowT();
  return (
    <section className="card" aria-labelledby="studio-workflow-title">
      <h2 id="studio-workflow-title">{t('studio.wf.title')}</h2>
      <p>{t('studio.wf.intro')}</p>
      <WorkflowEditor {...props} />
    </section>
  );
}

/** The draft's workflow: steps (labels in every language side by side) and transitions with their guards, each with its findings. */
export function WorkflowEditor(props: { draft: DraftView; locale: string; send(ops: PatchOperation[]): Promise<boolean>; busy: boolean }) {
  const { draft, locale } = props;
  const t = useWorkflowT();
  const files = draft.files;
  const steps = workflowSteps(files);
  const transitions = workflowTransitions(files);
  const locales = packLocales(files);
  const fields = guardFields(files);
  const sources = [
    ...(fields.some((f) => f.source === CASE_SOURCE) ? [{ id: CASE_SOURCE, label: t('studio.wf.guard.case') }] : []),
    ...draftForms(files).map((f) => ({ id: f.id, label: pick(f.title, locale) || f.id })),
  ];
  const forms = draftForms(files).map((f) => ({ id: f.id, label: f.title }));
  const context: TransitionContext = { steps, roles: packRoles(files), forms, fields, sources, locales, locale, t, busy: props.busy };
  const stepName = (id: string) => {
    if (id === PREVIOUS_STEP) return t('studio.wf.previous');
    const s = steps.find((x) => x.id === id);
    return s ? pick(s.label, locale) || id : t('studio.wf.missingStep', { id });
  };
  const roleNames = (ids: string[]) => new Intl.ListFormat(locale).format(ids.map((r) => pick(context.roles.find((x) => x.id === r)?.label, locale) || r));

  return (
    <div className="studio-workflow">
      <h3>{t('studio.wf.steps')}</h3>
      <ul className="studio-steps">
        {steps.map((s, i) => (
          <StepItem key={s.id} step={s} files={files} findings={findingsAt(draft.findings, stepPointer(i))} {...props} t={t} locales={locales} index={i} />
        ))}
      </ul>
      <AddStep t={t} locales={locales} busy={props.busy} taken={new Set(steps.map((s) => s.id))} onAdd={(s) => props.send(addStep(s))} />

      <h3>{t('studio.wf.transitions')}</h3>
      <ul className="studio-transitions">
        {transitions.map((tr, i) => {
          const label = pick(tr.label, locale) || tr.id;
          const words = guardWords(fields, locale, t);
          return (
            <li key={tr.id} data-transition={tr.id} className={findingsAt(draft.findings, transitionPointer(i)).length ? 'has-findings' : undefined}>
              <h4>
                <bdi>{label}</bdi>
              </h4>
              <p>
                {t('studio.wf.transition.path', {
                  from: tr.from === '*' ? t('studio.wf.transition.fromAny') : new Intl.ListFormat(locale).format(tr.from.map(stepName)),
                  to: stepName(tr.to),
                })}
              </p>
              <p>{t('studio.wf.transition.who', { roles: roleNames(tr.roles) })}</p>
              {tr.approval && <p>{t('studio.wf.transition.approvedBy', { roles: roleNames(tr.approval.roles) })}</p>}
              {(tr.guards ?? []).map((g, j) => {
                const model = parseGuard(g.rule, (p) => fields.find((f) => f.path === p)?.kind);
                return (
                  <p key={j} className="studio-guard-summary">
                    {model ? t('studio.wf.guard.onlyWhen', { words: guardSentence(model, words) }) : t('studio.wf.guard.onlyWhenRaw')}{' '}
                    <span className="meta">{t('studio.wf.guard.refusal', { message: pick(g.message, locale) })}</span>
                  </p>
                );
              })}
              <FindingList findings={findingsAt(draft.findings, transitionPointer(i))} t={t} />
              <button
                type="button"
                disabled={props.busy}
                aria-label={t('studio.wf.transition.removeNamed', { transition: label })}
                onClick={() => void props.send(removeTransition(i, tr))}
              >
                {t('studio.field.remove')}
              </button>
              <details className="studio-change-field">
                <summary>{t('studio.wf.transition.change', { transition: label })}</summary>
                {/* What was typed survives edits elsewhere; a change of this transition on the server starts it again. */}
                <TransitionEditor
                  key={JSON.stringify(tr)}
                  {...context}
                  transition={tr}
                  taken={new Set()}
                  submit={t('studio.wf.transition.save')}
                  onSave={(x) => props.send(replaceTransition(i, tr, x))}
                />
              </details>
            </li>
          );
        })}
      </ul>
      <details className="studio-add-transition">
        <summary>{t('studio.wf.transition.add')}</summary>
        <TransitionEditor
          {...context}
          taken={new Set(transitions.map((x) => x.id))}
          submit={t('studio.wf.transition.addSubmit')}
          onSave={(x: TransitionDef) => props.send(addTransition(x))}
        />
      </details>
    </div>
  );
}

function StepItem(props: {
  step: StepDef;
  index: number;
  files: Record<string, any>;
  findings: DraftView['findings'];
  locales: string[];
  locale: string;
  t: StudioT;
  busy: boolean;
  send(ops: PatchOperation[]): Promise<boolean>;
}) {
  const { step, t, locale } = props;
  const label = pick(step.label, locale) || step.id;
  const [confirming, setConfirming] = useState(false);
  const linked = transitionsAt(props.files, step.id);
  const remove = () => {
    // Transitions still using the step would point at nothing: say so first; the validator then shows them.
    if (linked.length && !confirming) return setConfirming(true);
    void props.send(removeStep(props.index, step));
  };
  return (
    <li data-step={step.id} className={props.findings.length ? 'has-findings' : undefined}>
      <dl className="studio-step-labels" aria-label={t('studio.wf.step.labelsOf', { step: label })}>
        {props.locales.map((l) => (
          <div key={l} lang={l} dir={LOCALES[l]?.dir ?? 'ltr'}>
            <dt>{LOCALES[l]?.name ?? l}</dt>
            <dd>{step.label?.[l] ?? '—'}</dd>
          </div>
        ))}
      </dl>
      <FindingList findings={props.findings} t={t} />
      <span className="meta">{t(`studio.wf.kind.${step.kind}`)}</span>
      <button type="button" disabled={props.busy} aria-label={t('studio.wf.step.removeNamed', { step: label })} onClick={remove}>
        {t('studio.field.remove')}
      </button>
      {confirming && (
        <div role="alert" className="studio-step-confirm">
          <p>
            {t('studio.wf.step.stillUsed', {
              n: linked.length,
              transitions: new Intl.ListFormat(locale).format(linked.map((x) => pick(x.label, locale) || x.id)),
            })}
          </p>
          <button type="button" disabled={props.busy} onClick={() => void props.send(removeStep(props.index, step))}>
            {t('studio.wf.step.removeAnyway', { step: label })}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('studio.wf.step.keep')}
          </button>
        </div>
      )}
      <details className="studio-change-field">
        <summary>{t('studio.wf.step.formsOf', { step: label, n: step.forms?.length ?? 0 })}</summary>
        <StepFormsEditor step={step} index={props.index} label={label} files={props.files} locale={locale} t={t} busy={props.busy} send={props.send} />
      </details>
      <details className="studio-change-field">
        <summary>{t('studio.wf.step.rename', { step: label })}</summary>
        {/* Starts again from the names on the server when they change there. */}
        <RenameStep key={JSON.stringify(step.label)} {...props} label={label} />
      </details>
    </li>
  );
}

function RenameStep(props: {
  step: StepDef;
  index: number;
  label: string;
  locales: string[];
  t: StudioT;
  busy: boolean;
  send(ops: PatchOperation[]): Promise<boolean>;
}) {
  const { step, t } = props;
  const [labels, setLabels] = useState<Label>({ ...step.label });
  const [problem, setProblem] = useState<string | null>(null);
  const rename = async (e: FormEvent) => {
    e.preventDefault();
    const missing = props.locales.filter((l) => !labels[l]?.trim());
    if (missing.length) return setProblem(t('studio.add.labelMissing', { languages: missing.map((l) => LOCALES[l]?.name ?? l).join(', ') }));
    setProblem(null);
    await props.send(renameStep(props.index, step, labels));
  };
  return (
    <form onSubmit={(e) => void rename(e)} noValidate>
      <LabelInputs legend={t('studio.wf.step.labelsOf', { step: props.label })} locales={props.locales} label={labels} onChange={setLabels} />
      <button type="submit" disabled={props.busy}>
        {t('studio.wf.step.save')}
      </button>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </form>
  );
}

function AddStep(props: { t: StudioT; locales: string[]; busy: boolean; taken: Set<string>; onAdd(s: StepDef): Promise<boolean> }) {
  const { t } = props;
  const id = useId();
  const blank: StepDef = { id: '', label: {}, kind: 'normal' };
  const [s, setS] = useState<StepDef>(blank);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!PACK_ID.test(s.id)) return setProblem(t('studio.wf.badId'));
    if (props.taken.has(s.id)) return setProblem(t('studio.wf.step.taken'));
    const missing = props.locales.filter((l) => !s.label[l]?.trim());
    if (missing.length) return setProblem(t('studio.add.labelMissing', { languages: missing.map((l) => LOCALES[l]?.name ?? l).join(', ') }));
    setProblem(null);
    if (await props.onAdd(s)) setS(blank);
  };
  return (
    <form className="studio-add-step" onSubmit={(e) => void submit(e)} noValidate>
      <h4>{t('studio.wf.step.add')}</h4>
      <div className="studio-grid">
        <label htmlFor={`${id}-id`}>{t('studio.add.id')}</label>
        <input id={`${id}-id`} dir="ltr" value={s.id} aria-describedby={`${id}-help`} onChange={(e) => setS({ ...s, id: e.target.value.trim() })} />
        <p id={`${id}-help`} className="meta">
          {t('studio.wf.idHelp')}
        </p>
        <label htmlFor={`${id}-kind`}>{t('studio.wf.step.kind')}</label>
        <select id={`${id}-kind`} value={s.kind} onChange={(e) => setS({ ...s, kind: e.target.value as StepDef['kind'] })}>
          {STEP_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`studio.wf.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <LabelInputs legend={t('studio.wf.step.labels')} locales={props.locales} label={s.label} onChange={(label) => setS({ ...s, label })} />
      <p>
        <button type="submit" disabled={props.busy}>
          {t('studio.wf.step.addSubmit')}
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
