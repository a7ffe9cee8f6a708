import { useId, useState } from 'react';
import { pick } from '../../sop';
import { draftForms, PatchOperation } from './draft-model';
import type { StudioT } from './studio-texts';
import { FORM_USES, setStepForms, StepDef, StepForm } from './workflow-model';

/** The forms a step offers and how (required, optional, repeatable): changed, added and removed by their titles. */
export function StepFormsEditor(props: {
  step: StepDef;
  index: number;
  label: string;
  files: Record<string, any>;
  locale: string;
  t: StudioT;
  busy: boolean;
  send(ops: PatchOperation[]): Promise<boolean>;
}) {
  const { step, t, locale } = props;
  const id = useId();
  const forms = draftForms(props.files);
  const titleOf = (formId: string) => pick(forms.find((f) => f.id === formId)?.title, locale) || formId;
  const offered = step.forms ?? [];
  const others = forms.filter((f) => !offered.some((o) => o.form === f.id));
  const [adding, setAdding] = useState({ form: '', use: 'optional' as StepForm['use'] });
  const save = (next: StepForm[]) => props.send(setStepForms(props.index, step, next));

  return (
    <div className="studio-step-forms">
      {offered.length === 0 ? (
        <p className="meta">{t('studio.wf.step.noForms')}</p>
      ) : (
        <ul>
          {offered.map((o, k) => (
            <li key={o.form}>
              <label htmlFor={`${id}-use-${k}`}>{titleOf(o.form)}</label>{' '}
              <select
                id={`${id}-use-${k}`}
                value={o.use}
                disabled={props.busy}
                onChange={(e) => void save(offered.map((x) => (x.form === o.form ? { ...x, use: e.target.value as StepForm['use'] } : x)))}
              >
                {FORM_USES.map((u) => (
                  <option key={u} value={u}>
                    {t(`studio.wf.use.${u}`)}
                  </option>
                ))}
              </select>{' '}
              <button
                type="button"
                disabled={props.busy}
                aria-label={t('studio.wf.step.removeFormNamed', { form: titleOf(o.form), step: props.label })}
                onClick={() => void save(offered.filter((x) => x.form !== o.form))}
              >
                {t('studio.field.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <form
          className="studio-grid"
          onSubmit={(e) => {
            e.preventDefault();
            if (!adding.form) return;
            void save([...offered, { form: adding.form, use: adding.use }]).then((ok) => ok && setAdding({ form: '', use: 'optional' }));
          }}
        >
          <label htmlFor={`${id}-add`}>{t('studio.wf.step.addForm')}</label>
          <select id={`${id}-add`} value={adding.form} onChange={(e) => setAdding({ ...adding, form: e.target.value })}>
            <option value="">{t('studio.wf.guard.choose')}</option>
            {others.map((f) => (
              <option key={f.id} value={f.id}>
                {pick(f.title, locale) || f.id}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-add-use`}>{t('studio.wf.step.formUse')}</label>
          <select id={`${id}-add-use`} value={adding.use} onChange={(e) => setAdding({ ...adding, use: e.target.value as StepForm['use'] })}>
            {FORM_USES.map((u) => (
              <option key={u} value={u}>
                {t(`studio.wf.use.${u}`)}
              </option>
            ))}
          </select>
          <button type="submit" disabled={props.busy || !adding.form}>
            {t('studio.wf.step.addFormSubmit')}
          </button>
        </form>
      )}
    </div>
  );
}
