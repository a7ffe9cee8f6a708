import type { FieldProblem } from '../../api';
import { DefaultValueInput } from './default-value-input';
import type { MigrationT } from './migration-texts';
import { refusalText } from './refusal-text';
import { counterpart, fieldsOf, MigrationOutline, newRequiredFields, PlanDraft, problemsAt, withNewFields } from './plan-model';

/** The API's reasons a part of the plan was refused, next to that part, in the reader's language (refusal-text.ts). */
function Refused({ id, messages, t }: { id: string; messages: string[]; t: MigrationT }) {
  if (!messages.length) return null;
  return (
    <div id={id} className="problem migration-refused" role="alert">
      <p>{t('migration.refusedHere')}</p>
      <ul>
        {messages.map((m, i) => (
          <li key={i}>
            <bdi>{m}</bdi>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The plan built with pickers: steps, forms and fields of the old version mapped to the new one, new required fields, deadlines. */
export function PlanEditor({
  outline,
  draft,
  onChange,
  errors: refusals,
  t,
}: {
  outline: MigrationOutline;
  draft: PlanDraft;
  onChange(d: PlanDraft): void;
  errors: FieldProblem[];
  t: MigrationT;
}) {
  const set = (patch: Partial<PlanDraft>) => onChange(withNewFields({ ...draft, ...patch }, outline));
  const errors = refusals.map((e) => ({ ...e, message: refusalText(e, outline, draft, t).text }));
  const oldFormTitle = (id: string) => outline.from.forms.find((f) => f.id === id)?.title ?? id;
  const renames = Object.entries(draft.fields).flatMap(([form, fields]) => Object.keys(fields).map((field) => ({ form, field })));
  const required = newRequiredFields(draft, outline);
  const pathId = (...parts: string[]) => `plan-${parts.join('-').replace(/[^\w-]/g, '_')}`;
  const shownAt = [
    ...outline.from.steps.map((s) => ['steps', s.id]),
    ...Object.keys(draft.forms).map((f) => ['forms', f]),
    ...renames.map((r) => ['fields', r.form, r.field]),
    ...required.map((r) => ['newFields', r.form.id, r.field.id]),
    ['note'],
  ];
  const elsewhere = errors.filter((e) => !shownAt.some((at) => problemsAt([e], ...at).length > 0));

  return (
    <>
      <fieldset className="migration-part">
        <legend>{t('migration.steps.title')}</legend>
        <p className="hint">{t('migration.steps.hint')}</p>
        <div className="migration-rows">
          {outline.from.steps.map((s) => {
            const id = pathId('step', s.id);
            const refused = problemsAt(errors, 'steps', s.id);
            return (
              <div key={s.id} className="migration-row">
                <label htmlFor={id}>
                  <bdi>{s.label}</bdi>
                </label>
                <select
                  id={id}
                  value={draft.steps[s.id] ?? ''}
                  aria-invalid={refused.length > 0 || undefined}
                  aria-describedby={refused.length ? `${id}-problem` : undefined}
                  onChange={(e) => set({ steps: { ...draft.steps, [s.id]: e.target.value } })}
                >
                  <option value="">{t('migration.steps.none')}</option>
                  {outline.to.steps.map((n) => (
                    <option key={n.id} value={n.id}>
                      {n.label}
                    </option>
                  ))}
                </select>
                <Refused id={`${id}-problem`} messages={refused} t={t} />
              </div>
            );
          })}
        </div>
      </fieldset>

      {Object.keys(draft.forms).length > 0 && (
        <fieldset className="migration-part">
          <legend>{t('migration.forms.title')}</legend>
          <p className="hint">{t('migration.forms.hint')}</p>
          <div className="migration-rows">
            {Object.keys(draft.forms).map((form) => {
              const id = pathId('form', form);
              const refused = problemsAt(errors, 'forms', form);
              return (
                <div key={form} className="migration-row">
                  <label htmlFor={id}>
                    <bdi>{oldFormTitle(form)}</bdi>
                  </label>
                  <select id={id} value={draft.forms[form]} onChange={(e) => set({ forms: { ...draft.forms, [form]: e.target.value } })}>
                    <option value="">{t('migration.forms.none')}</option>
                    {outline.to.forms.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.title}
                      </option>
                    ))}
                  </select>
                  <Refused id={`${id}-problem`} messages={refused} t={t} />
                </div>
              );
            })}
          </div>
        </fieldset>
      )}

      {renames.length > 0 && (
        <fieldset className="migration-part">
          <legend>{t('migration.fields.title')}</legend>
          <p className="hint">{t('migration.fields.hint')}</p>
          <div className="migration-rows">
            {renames.map(({ form, field }) => {
              const id = pathId('field', form, field);
              const oldForm = outline.from.forms.find((f) => f.id === form);
              const newForm = counterpart(draft, outline, form);
              const oldIds = new Set(fieldsOf(oldForm).map((f) => f.id));
              const oldLabel = fieldsOf(oldForm).find((f) => f.id === field)?.label ?? field;
              const refused = problemsAt(errors, 'fields', form, field);
              const suggested = draft.suggested.includes(`${form}.${field}`);
              return (
                <div key={`${form}.${field}`} className="migration-row">
                  <label htmlFor={id}>{t('migration.fields.answersOf', { field: oldLabel, form: oldForm?.title ?? form })}</label>
                  <select
                    id={id}
                    value={draft.fields[form][field]}
                    aria-describedby={suggested ? `${id}-suggested` : undefined}
                    onChange={(e) =>
                      set({
                        fields: { ...draft.fields, [form]: { ...draft.fields[form], [field]: e.target.value } },
                        suggested: draft.suggested.filter((s) => s !== `${form}.${field}`),
                      })
                    }
                  >
                    <option value="">{t('migration.fields.dropped')}</option>
                    {fieldsOf(newForm)
                      .filter((f) => !oldIds.has(f.id))
                      .map((f) => (
                        <option key={f.id} value={f.id}>
                          {f.label}
                        </option>
                      ))}
                  </select>
                  {suggested && (
                    <p id={`${id}-suggested`} className="hint">
                      {t('migration.fields.suggested')}
                    </p>
                  )}
                  <Refused id={`${id}-problem`} messages={refused} t={t} />
                </div>
              );
            })}
          </div>
        </fieldset>
      )}

      {required.length > 0 && (
        <fieldset className="migration-part">
          <legend>{t('migration.newFields.title')}</legend>
          <p className="hint">{t('migration.newFields.hint')}</p>
          {required.map(({ form, field }) => {
            const id = pathId('new', form.id, field.id);
            const choice = draft.newFields[form.id]?.[field.id] ?? { kind: 'default', value: undefined };
            const choose = (c: PlanDraft['newFields'][string][string]) =>
              set({ newFields: { ...draft.newFields, [form.id]: { ...draft.newFields[form.id], [field.id]: c } } });
            const refused = problemsAt(errors, 'newFields', form.id, field.id);
            return (
              <fieldset key={id} className="migration-new-field">
                <legend>{t('migration.newFields.field', { field: field.label, form: form.title })}</legend>
                <label>
                  <input type="radio" name={id} checked={choice.kind === 'default'} onChange={() => choose({ kind: 'default', value: undefined })} />{' '}
                  {t('migration.newFields.default')}
                </label>
                {choice.kind === 'default' && (
                  <div className="migration-default">
                    <label htmlFor={`${id}-value`}>{t('migration.newFields.value', { field: field.label })}</label>
                    <DefaultValueInput
                      id={`${id}-value`}
                      schema={field.schema}
                      value={choice.value}
                      describedBy={refused.length ? `${id}-problem` : undefined}
                      onChange={(value) => choose({ kind: 'default', value })}
                      labels={{ choose: t('migration.newFields.choose'), yes: t('migration.yes'), no: t('migration.no') }}
                    />
                  </div>
                )}
                <label>
                  <input type="radio" name={id} checked={choice.kind === 'task'} onChange={() => choose({ kind: 'task' })} /> {t('migration.newFields.task')}
                </label>
                <Refused id={`${id}-problem`} messages={refused} t={t} />
              </fieldset>
            );
          })}
        </fieldset>
      )}

      <fieldset className="migration-part">
        <legend>{t('migration.deadlines.title')}</legend>
        <label>
          <input type="radio" name="plan-deadlines" checked={draft.deadlines === 'recompute'} onChange={() => set({ deadlines: 'recompute' })} />{' '}
          {t('migration.deadlines.recompute')}
        </label>
        <label>
          <input type="radio" name="plan-deadlines" checked={draft.deadlines === 'keep'} onChange={() => set({ deadlines: 'keep' })} />{' '}
          {t('migration.deadlines.keep')}
        </label>
      </fieldset>

      <div className="migration-part">
        <label htmlFor="plan-note">{t('migration.note')}</label>
        <textarea id="plan-note" maxLength={500} rows={2} value={draft.note} onChange={(e) => set({ note: e.target.value })} />
        <Refused id="plan-note-problem" messages={problemsAt(errors, 'note')} t={t} />
      </div>
      {/* What the pickers above do not show (the versions, the plan's shape): listed together at the end. */}
      <Refused id="plan-other-problem" messages={elsewhere.map((e) => e.message)} t={t} />
    </>
  );
}
