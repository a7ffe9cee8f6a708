import { FormEvent, useState } from 'react';
import type { ConditionKind, FormCondition } from '../../form-conditions';
import { addCondition, AnswerChoice, answersOf, conditionsOf, fieldLabel, removeCondition } from './condition-model';
import { useConditionsT } from './condition-texts';
import { type DraftForm, type DraftView, fileSegment, findingsAt, type PatchOperation } from './draft-model';
import { FindingList } from './finding-list';
import type { StudioT } from './studio-texts';
import './studio-conditions.css';

type FormEditFn = (ops: (file: string) => PatchOperation[], extra?: PatchOperation[]) => Promise<boolean>;

/** A condition in the reader's words: "“Why not?” is asked only when “In school?” is “No”." */
function inWords(t: StudioT, c: FormCondition, field: string, question: string, answers: AnswerChoice[] | null): string {
  const labels = c.when.values.map((v) => answers?.find((a) => a.value === v)?.label ?? String(v));
  const test = labels.length === 1 ? t('studio.cond.testIs', { value: labels[0] }) : t('studio.cond.testIsOneOf', { values: labels.join(', ') });
  return t(`studio.cond.words.${c.kind}`, { field, question, test });
}

/**
 * When a question is asked, and when it must be answered: each condition in words with its removal,
 * and a new one built with pickers (the question tested by its label, "is" or "is one of", its answers
 * by label), read back in words before it is added.
 */
export function ConditionEditor(props: { draft: DraftView; form: DraftForm; id: string; label: string; locale: string; busy: boolean; editForm: FormEditFn }) {
  const t = useConditionsT();
  const { draft, form, id, label, locale } = props;
  const formSchema = (draft.files as Record<string, any>)[form.file]?.schema ?? form.schema;
  const yesNo = { yes: t('studio.cond.yes'), no: t('studio.cond.no') };
  const answersFor = (q: string) => answersOf(draft.files, formSchema?.properties?.[q], locale, yesNo);
  const own = conditionsOf(formSchema, id);
  // Questions that can be tested: the form's others with a closed set of answers.
  const questions = Object.keys(formSchema?.properties ?? {}).filter((q) => q !== id && answersFor(q) !== null);
  const words = (c: FormCondition) => inWords(t, c, label, fieldLabel(formSchema, c.when.field, locale), answersFor(c.when.field));
  const idBase = `studio-cond-${id}`;
  return (
    <details className="studio-conditions">
      <summary>{t('studio.cond.summary', { field: label, n: own.length })}</summary>
      {own.length === 0 ? (
        <p className="meta">{t('studio.cond.none', { field: label })}</p>
      ) : (
        <ul aria-label={t('studio.cond.listed', { field: label })}>
          {own.map((c) => (
            <li key={c.index}>
              <span>{words(c)}</span>{' '}
              <button
                type="button"
                disabled={props.busy}
                aria-label={t('studio.cond.removeNamed', { words: words(c) })}
                onClick={() => void props.editForm(removeCondition(formSchema, c.index))}
              >
                {t('studio.cond.remove')}
              </button>
              <FindingList findings={findingsAt(draft.findings, `${fileSegment(form.file)}/schema/allOf/${c.index}`)} t={t} />
            </li>
          ))}
        </ul>
      )}
      {questions.length === 0 ? (
        <p className="meta">{t('studio.cond.noQuestion')}</p>
      ) : (
        <AddCondition idBase={idBase} questions={questions} answersFor={answersFor} words={words} {...props} formSchema={formSchema} t={t} />
      )}
    </details>
  );
}

function AddCondition(props: {
  idBase: string;
  id: string;
  label: string;
  locale: string;
  busy: boolean;
  formSchema: any;
  questions: string[];
  answersFor(q: string): AnswerChoice[] | null;
  words(c: FormCondition): string;
  editForm: FormEditFn;
  t: StudioT;
}) {
  const { t, idBase, questions } = props;
  const [kind, setKind] = useState<ConditionKind>('askWhen');
  const [question, setQuestion] = useState(questions[0]);
  const [several, setSeveral] = useState(false);
  // Indexes into the tested question's answers (values may be true/false or numbers, not only text).
  const [picked, setPicked] = useState<number[]>([0]);
  const [problem, setProblem] = useState<string | null>(null);
  const tested = questions.includes(question) ? question : questions[0];
  const answers = props.answersFor(tested) ?? [];
  const chosen = picked.filter((i) => i < answers.length);
  const condition: FormCondition = { kind, field: props.id, when: { field: tested, values: chosen.map((i) => answers[i].value) } };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length === 0) return setProblem(t('studio.cond.pickAnswer'));
    setProblem(null);
    if (await props.editForm(addCondition(props.formSchema, condition))) setPicked([0]);
  };
  return (
    <form className="studio-condition-add" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset>
        <legend>{t('studio.cond.add', { field: props.label })}</legend>
        <div className="studio-grid">
          <label htmlFor={`${idBase}-kind`}>{t('studio.cond.kind')}</label>
          <select id={`${idBase}-kind`} value={kind} onChange={(e) => setKind(e.target.value as ConditionKind)}>
            <option value="askWhen">{t('studio.cond.kind.askWhen')}</option>
            <option value="requiredWhen">{t('studio.cond.kind.requiredWhen')}</option>
          </select>
          <label htmlFor={`${idBase}-question`}>{t('studio.cond.question')}</label>
          <select
            id={`${idBase}-question`}
            value={tested}
            onChange={(e) => {
              setQuestion(e.target.value);
              setPicked([0]);
            }}
          >
            {questions.map((q) => (
              <option key={q} value={q}>
                {fieldLabel(props.formSchema, q, props.locale)}
              </option>
            ))}
          </select>
          <label htmlFor={`${idBase}-test`}>{t('studio.cond.test')}</label>
          <select
            id={`${idBase}-test`}
            value={several ? 'isOneOf' : 'is'}
            onChange={(e) => {
              setSeveral(e.target.value === 'isOneOf');
              setPicked(chosen.slice(0, 1));
            }}
          >
            <option value="is">{t('studio.cond.is')}</option>
            <option value="isOneOf">{t('studio.cond.isOneOf')}</option>
          </select>
          {!several && (
            <>
              <label htmlFor={`${idBase}-answer`}>{t('studio.cond.answer')}</label>
              <select id={`${idBase}-answer`} value={chosen[0] ?? ''} onChange={(e) => setPicked([Number(e.target.value)])}>
                {answers.map((a, i) => (
                  <option key={String(a.value)} value={i}>
                    {a.label}
                  </option>
                ))}
              </select>
            </>
          )}
        </div>
        {several && (
          <fieldset className="studio-condition-answers">
            <legend>{t('studio.cond.answers')}</legend>
            {answers.map((a, i) => (
              <label key={String(a.value)} className="choice">
                <input
                  type="checkbox"
                  checked={chosen.includes(i)}
                  onChange={(e) => setPicked(e.target.checked ? [...chosen, i].sort((x, y) => x - y) : chosen.filter((x) => x !== i))}
                />{' '}
                {a.label}
              </label>
            ))}
          </fieldset>
        )}
        {chosen.length > 0 && (
          <p className="meta studio-consequence" aria-live="polite">
            {t('studio.cond.preview', { words: props.words(condition) })}
          </p>
        )}
        <button type="submit" disabled={props.busy}>
          {t('studio.cond.addSubmit')}
        </button>
        {problem && (
          <p role="alert" className="problem">
            {problem}
          </p>
        )}
      </fieldset>
    </form>
  );
}
