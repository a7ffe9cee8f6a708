import { FormEvent, useState } from 'react';
import { LOCALES } from '../../i18n';
import { DraftView, draftForms, packLocales, PatchOperation } from './draft-model';
import { deadlineChoices } from './deadline-model';
import { addForm, FORM_USES, NewForm } from './field-model';
import { LabelInputs } from './label-inputs';
import { useDeadlinesT } from './studio-deadlines-texts';
import './studio-deadlines.css';

const FORM_ID = /^[a-z][a-z0-9_]*$/;

/** A new form (version 1, no field yet), its title in every language and the step where it is filled. */
export function FormAdd(props: { draft: DraftView; locale: string; busy: boolean; send(ops: PatchOperation[]): Promise<boolean>; onAdded(id: string): void }) {
  const t = useDeadlinesT();
  const files = props.draft.files as Record<string, any>;
  const locales = packLocales(files);
  const steps = deadlineChoices(files, props.locale).steps;
  const blank: NewForm = { id: '', title: {}, step: '', use: 'optional' };
  const [f, setF] = useState<NewForm>(blank);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!FORM_ID.test(f.id)) return setProblem(t('studio.add.badId'));
    if (draftForms(files).some((x) => x.id === f.id) || Object.keys(files).some((n) => n.startsWith(`forms/${f.id}.v`)))
      return setProblem(t('studio.nf.taken'));
    const missing = locales.filter((l) => !f.title[l]?.trim());
    if (missing.length) return setProblem(t('studio.add.labelMissing', { languages: missing.map((l) => LOCALES[l]?.name ?? l).join(', ') }));
    if (!f.step) return setProblem(t('studio.dl.detailMissing', { detail: t('studio.dl.detail.step') }));
    setProblem(null);
    if (await props.send(addForm(files, f))) {
      props.onAdded(f.id);
      setF(blank);
    }
  };
  return (
    <details className="studio-add-form">
      <summary>{t('studio.nf.title')}</summary>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p className="meta">{t('studio.nf.help')}</p>
        <div className="studio-grid">
          <label htmlFor="studio-nf-id">{t('studio.add.id')}</label>
          <input id="studio-nf-id" dir="ltr" value={f.id} onChange={(e) => setF({ ...f, id: e.target.value.trim() })} />
          <label htmlFor="studio-nf-step">{t('studio.nf.step')}</label>
          <select id="studio-nf-step" value={f.step} onChange={(e) => setF({ ...f, step: e.target.value })}>
            <option value="">{t('studio.dl.choose')}</option>
            {steps.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          <label htmlFor="studio-nf-use">{t('studio.nf.use')}</label>
          <select id="studio-nf-use" value={f.use} onChange={(e) => setF({ ...f, use: e.target.value as NewForm['use'] })}>
            {FORM_USES.map((u) => (
              <option key={u} value={u}>
                {t(`studio.nf.use.${u}`)}
              </option>
            ))}
          </select>
        </div>
        <LabelInputs legend={t('studio.nf.titles')} locales={locales} label={f.title} onChange={(title) => setF({ ...f, title })} />
        <button type="submit" disabled={props.busy}>
          {t('studio.nf.submit')}
        </button>
        {problem && (
          <p role="alert" className="problem">
            {problem}
          </p>
        )}
      </form>
    </details>
  );
}
