import Form, { IChangeEvent } from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { useT } from '../session';
import { useApi } from '../use-api';
import { Loading, Problem } from './problem';

// The pack's annotations (x-label, x-optionList, x-sensitive...) are not JSON Schema keywords; the
// server validates with the same schema, so the browser's messages match what saving would answer.
const validator = customizeValidator({ ajvOptionsOverrides: { strict: false } });

interface FormSchemaView {
  formId: string;
  schema: RJSFSchema;
  uiSchema: UiSchema;
  fields: Record<string, 'fill' | 'read' | 'hidden'>;
}

/**
 * One form of a case, rendered from the pack's JSON Schema as the user may see it: hidden fields are
 * absent, read-only ones are shown but cannot be changed, and the answers are checked as you type.
 * Saving sends the case version read (If-Match): a concurrent change is reported, never overwritten.
 */
export function CaseForm({ caseId, formId, answers, version, repeatable, onSaved }: {
  caseId: string; formId: string; answers: Record<string, unknown> | undefined; version: number; repeatable: boolean; onSaved(): void;
}) {
  const t = useT();
  const view = useApi<FormSchemaView>(`/api/cases/${caseId}/forms/${formId}/schema`);
  const [data, setData] = useState<Record<string, unknown>>(answers ?? {});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (view.loading) return <Loading />;
  // A form the user's role may not see is named, not opened: no field of it reaches the page.
  if (view.error instanceof ApiError && view.error.status === 403) return <p className="meta">{t('form.notVisible')}</p>;
  if (view.error) return <Problem error={view.error} />;
  const v = view.data!;
  const canFill = Object.values(v.fields).some((a) => a === 'fill');

  const save = async (status: 'draft' | 'complete') => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const body = { answers: data, status };
      if (repeatable) await api('POST', `/api/cases/${caseId}/forms/${formId}/entries`, body, { ifMatch: version });
      else await api('PUT', `/api/cases/${caseId}/forms/${formId}`, body, { ifMatch: version });
      setSaved(t(status === 'draft' ? 'form.draftSaved' : 'form.submitted'));
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="case-form">
      <Form
        schema={v.schema}
        uiSchema={{ ...v.uiSchema, 'ui:submitButtonOptions': { norender: true } }}
        formData={data}
        validator={validator}
        readonly={!canFill}
        liveValidate
        showErrorList={false}
        noHtml5Validate
        idPrefix={`f-${formId}`}
        onChange={(e: IChangeEvent) => setData(e.formData ?? {})}
      />
      <Problem error={error} />
      {saved && <p role="status" className="saved">{saved}</p>}
      {canFill && (
        <div className="buttons">
          <button type="button" onClick={() => save('draft')} disabled={busy}>{t('form.saveDraft')}</button>
          <button type="button" className="primary" onClick={() => save('complete')} disabled={busy}>{t(repeatable ? 'form.addEntry' : 'form.submit')}</button>
        </div>
      )}
    </div>
  );
}
