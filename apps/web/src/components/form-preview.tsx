import type { PermissionPreview } from '../api-types';
import Form from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useState } from 'react';
import type { AdminSop, AdminT, Names } from '../admin-texts';
import { pick } from '../sop';
import { useApi } from '../use-api';
import { FORM_DEFAULTS } from '../form-defaults';
import { formValidator } from '../validator';
import { everyQuestionSchema } from '../form-conditions';
import { Loading, Problem } from './problem';

type Access = 'hidden' | 'read' | 'fill';
/** GET /api/admin/forms/{formId}/preview; the form's JSON Schema, an open object to the API, as RJSF reads it. */
type Preview = Omit<PermissionPreview, 'schema'> & { schema: RJSFSchema };

const ACCESS_ORDER: Access[] = ['fill', 'read', 'hidden'];

/**
 * Any form as any role sees it (GET /api/admin/forms/:id/preview): each field hidden, read-only or
 * fillable, and the form drawn read-only from the schema the role receives (hidden fields absent).
 */
export function FormPreview({ sop, names, t, locale }: { sop: AdminSop; names: Names; t: AdminT; locale: string }) {
  const [formId, setFormId] = useState(sop.forms[0]?.id ?? '');
  const [role, setRole] = useState(sop.roles.find((r) => !r.administer)?.id ?? sop.roles[0]?.id ?? '');
  const [caseType, setCaseType] = useState('');
  const [step, setStep] = useState('');
  const form = sop.forms.find((f) => f.id === formId);
  const stepsUsing = sop.workflow.steps.filter((s) => s.forms?.some((f) => f.form === formId));
  // "Automatic": the first step that uses the form, on a case type whose cases can reach that step.
  const autoStep = step || stepsUsing[0]?.id || sop.workflow.steps[0]?.id || '';
  const autoCaseType =
    sop.manifest.caseTypes
      .map((c) => ({ id: c.id, d: distances(sop, c.startStep).get(autoStep) ?? Infinity }))
      .reduce<{ id: string; d: number } | null>((best, c) => (!best || c.d < best.d ? c : best), null)?.id ?? '';
  const query = new URLSearchParams({ role, caseType: caseType || autoCaseType });
  if (step) query.set('step', step);
  const path = formId && role ? `/api/admin/forms/${encodeURIComponent(formId)}/preview?${query}` : null;
  const preview = useApi<Preview>(path);

  return (
    <div className="form-preview">
      <p className="meta">{t('admin.previewHelp')}</p>
      <div className="preview-controls">
        <div className="field">
          <label htmlFor="preview-form">{t('admin.previewFormLabel')}</label>
          <select
            id="preview-form"
            value={formId}
            onChange={(e) => {
              setFormId(e.target.value);
              setStep('');
            }}
          >
            {sop.forms.map((f) => (
              <option key={f.id} value={f.id}>
                {pick(f.title, locale)} ({f.id} v{f.version})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="preview-role">{t('admin.previewRoleLabel')}</label>
          <select id="preview-role" value={role} onChange={(e) => setRole(e.target.value)}>
            {sop.roles.map((r) => (
              <option key={r.id} value={r.id}>
                {pick(r.label, locale)} ({r.id})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="preview-case-type">{t('admin.previewCaseTypeLabel')}</label>
          <select id="preview-case-type" value={caseType} onChange={(e) => setCaseType(e.target.value)}>
            <option value="">{t('admin.previewAutomaticCaseType', { caseType: names.caseType(autoCaseType) })}</option>
            {sop.manifest.caseTypes.map((c) => (
              <option key={c.id} value={c.id}>
                {pick(c.label, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="preview-step">{t('admin.previewStepLabel')}</label>
          <select id="preview-step" value={step} onChange={(e) => setStep(e.target.value)}>
            <option value="">{t('admin.previewAutomaticStep')}</option>
            {sop.workflow.steps.map((s) => (
              <option key={s.id} value={s.id}>
                {pick(s.label, locale)}
                {stepsUsing.includes(s) ? ` (${t('admin.previewUsesForm')})` : ''}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="preview-result">
        {preview.error ? (
          <Problem error={preview.error} />
        ) : preview.loading || !preview.data ? (
          <Loading />
        ) : (
          <PreviewResult preview={preview.data} uiSchema={form?.uiSchema ?? {}} names={names} t={t} />
        )}
      </div>
    </div>
  );
}

function PreviewResult({ preview, uiSchema, names, t }: { preview: Preview; uiSchema: UiSchema; names: Names; t: AdminT }) {
  const order: string[] = Array.isArray(uiSchema['ui:order']) ? uiSchema['ui:order'] : [];
  const fields = Object.keys(preview.fields).sort((a, b) => rank(order, a) - rank(order, b));
  const count = (a: Access) => fields.filter((f) => preview.fields[f] === a).length;
  const visible = fields.some((f) => preview.fields[f] !== 'hidden');
  const roleName = names.role(preview.role);
  const caption = t('admin.previewFieldsCaption', { form: names.form(preview.formId), role: roleName });
  return (
    <>
      <p>
        {t('admin.previewAs', { form: names.form(preview.formId), role: roleName, caseType: names.caseType(preview.caseType), step: names.step(preview.step) })}
      </p>
      <p className="meta">
        {t('admin.previewAssumption')} {t('admin.previewAssumed')}
      </p>
      <p className="preview-counts" role="status">
        {ACCESS_ORDER.map((a) => (
          <span key={a} className={`badge access-${a}`}>
            {t(`admin.access.${a}`)}: {count(a)}
          </span>
        ))}
      </p>
      <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
        <table className="preview-fields">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.field')}</th>
              <th scope="col">{t('admin.access')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f} className={`access-row-${preview.fields[f]}`}>
                <th scope="row">
                  {names.field(preview.formId, f)}{' '}
                  <code className="id" dir="ltr">
                    {f}
                  </code>
                </th>
                <td>
                  <span className={`badge access-${preview.fields[f]}`}>{t(`admin.access.${preview.fields[f]}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="preview-title">{t('admin.previewRendered', { role: roleName })}</h3>
      {!visible ? (
        <p className="admin-none">{t('admin.previewNothingVisible')}</p>
      ) : (
        <div className="case-form preview-form">
          <Form
            key={`${preview.formId}:${preview.role}:${preview.caseType}:${preview.step}`}
            schema={everyQuestionSchema(preview.schema)}
            uiSchema={{ ...uiSchema, 'ui:submitButtonOptions': { norender: true } }}
            formData={{}}
            validator={formValidator}
            experimental_defaultFormStateBehavior={FORM_DEFAULTS}
            readonly
            showErrorList={false}
            noHtml5Validate
            idPrefix={`preview-${preview.formId}`}
          />
        </div>
      )}
    </>
  );
}

/** How many transitions a case starting at `start` needs to reach each step (breadth-first). */
function distances(sop: AdminSop, start: string): Map<string, number> {
  const normal = sop.workflow.steps.filter((s) => s.kind === 'normal').map((s) => s.id);
  const dist = new Map<string, number>([[start, 0]]);
  const queue = [start];
  while (queue.length) {
    const s = queue.shift()!;
    for (const tr of sop.workflow.transitions) {
      if (tr.to === '@previous' || dist.has(tr.to) || !(tr.from === '*' ? normal : tr.from).includes(s)) continue;
      dist.set(tr.to, dist.get(s)! + 1);
      queue.push(tr.to);
    }
  }
  return dist;
}

function rank(order: string[], field: string): number {
  const i = order.indexOf(field);
  return i === -1 ? order.length : i;
}
