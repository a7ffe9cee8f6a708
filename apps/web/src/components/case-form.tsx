import type { CaseFormEntry, CaseFormSchema } from '../api-types';
import Form, { IChangeEvent } from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, OfflineError } from '../api';
import { useApp, useT } from '../session';
import { useApi } from '../use-api';
import { FORM_DEFAULTS } from '../form-defaults';
import { localizeFormErrors } from '../form-errors';
import { formValidator } from '../validator';
import { formStrings } from '../form-strings';
import { askedAnswers, askedSchema } from '../form-conditions';
import { offlineTranslate } from '../offline/offline-texts';
import { Loading, Problem } from './problem';

/** GET .../forms/{formId}/schema: the form's JSON Schemas, open objects to the API, as RJSF reads them. */
type FormSchemaView = Omit<CaseFormSchema, 'schema' | 'uiSchema'> & { schema: RJSFSchema; uiSchema: UiSchema };

export type FormEntry = CaseFormEntry;

/** Only what the user may fill is sent: read-only answers shown on the form are not the user's to save. */
export function fillableAnswers(data: Record<string, unknown>, fields: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([k, v]) => fields[k] === 'fill' && v !== undefined));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One form of a case, rendered from the pack's JSON Schema as the user may see it: hidden fields are
 * absent, read-only ones are shown but cannot be changed, and the answers are checked as you type.
 * A conditional question shows only while the answer it depends on asks it (form-conditions.ts).
 * A save sends the case version the answers were read at (If-Match), so a concurrent change is
 * reported, never overwritten; if a reply was lost and the answers are in fact saved, that is said.
 * Repeatable forms list their entries and add new ones.
 */
export function CaseForm({
  caseId,
  formId,
  entries,
  version,
  repeatable,
  onSaved,
  reload,
}: {
  caseId: string;
  formId: string;
  entries: FormEntry[];
  version: number;
  repeatable: boolean;
  onSaved(): void;
  reload(): Promise<{ version: number; entries: FormEntry[] }>;
}) {
  const t = useT();
  const { locale } = useApp();
  const view = useApi<FormSchemaView>(`/api/cases/${caseId}/forms/${formId}/schema`);
  const latest = repeatable ? undefined : entries[entries.length - 1]?.answers;
  const [data, setData] = useState<Record<string, unknown>>(latest ?? {});
  const [baseVersion, setBaseVersion] = useState(version);
  const dirty = useRef(false);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  // The pack's data-quality warnings: saved, but the person entering the answers should look again.
  const [warnings, setWarnings] = useState<Array<{ id: string; message: string }>>([]);
  const [busy, setBusy] = useState(false);

  // The form's own entries as they were when its answers were read at `baseVersion`.
  const entriesKey = JSON.stringify(entries.map((e) => [e.id, e.status, e.updatedAt]));
  const basedOn = useRef<string | null>(entriesKey);
  // The case changed (a save of another form, a transition, someone else's work): an untouched form
  // shows the new answers. A form being filled keeps its answers and moves its base to the new
  // version as long as this form's saved answers are what they were read as: the base version
  // guards against someone else's change to this form, not against any save on the case.
  useEffect(() => {
    // null: the user's own save of this form, whose result is adopted whatever it is.
    const unchanged = basedOn.current === null || basedOn.current === entriesKey;
    if (dirty.current && !unchanged) return;
    if (!dirty.current) setData((repeatable ? undefined : entries[entries.length - 1]?.answers) ?? {});
    setBaseVersion(version);
    basedOn.current = entriesKey;
  }, [version, entriesKey]); // eslint-disable-line react-hooks/exhaustive-deps

  if (view.loading) return <Loading />;
  // A form the user's role may not see is named, not opened: no field of it reaches the page.
  if (view.error instanceof ApiError && view.error.status === 403) return <p className="meta">{t('form.notVisible')}</p>;
  if (view.error) return <Problem error={view.error} />;
  const v = view.data!;
  const canFill = Object.values(v.fields).some((a) => a === 'fill');

  const save = async (kind: 'draft' | 'complete') => {
    setBusy(true);
    setError(null);
    setStatus(t('form.saving'));
    setWarnings([]);
    const answers = fillableAnswers(askedAnswers(v.schema, data), v.fields);
    const body = { answers, status: repeatable ? 'complete' : kind };
    // Without a connection nobody checks a completed form but this page: an invalid one stays a draft.
    if (
      body.status === 'complete' &&
      navigator.onLine === false &&
      formValidator.validateFormData(data, askedSchema(v.schema, data) as RJSFSchema).errors.length
    ) {
      setBusy(false);
      setStatus(null);
      setError(new ApiError(422, 'validation_failed', offlineTranslate(locale, 'offline.invalidComplete')));
      return;
    }
    try {
      const res = repeatable
        ? await api<{ warnings?: Array<{ id: string; message: string }> }>('POST', `/api/cases/${caseId}/forms/${formId}/entries`, body, {
            ifMatch: baseVersion,
          })
        : await api<{ warnings?: Array<{ id: string; message: string }> }>('PUT', `/api/cases/${caseId}/forms/${formId}`, body, { ifMatch: baseVersion });
      setWarnings(res?.warnings ?? []);
      done(kind, (res as { keptOffline?: boolean } | null)?.keptOffline);
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'version_conflict') && !(e instanceof OfflineError && !repeatable)) {
        setStatus(null);
        setError(e);
        return;
      }
      // The case changed since these answers were read, or the reply was lost: look at what is saved now.
      try {
        const now = await reload();
        const saved = now.entries[now.entries.length - 1];
        if (!repeatable && saved && same(fillableAnswers(saved.answers, v.fields), answers) && (kind === 'draft' || saved.status === 'complete')) {
          done(kind);
          return;
        }
        setBaseVersion(now.version);
        basedOn.current = JSON.stringify(now.entries.map((x) => [x.id, x.status, x.updatedAt]));
        setStatus(null);
        setError(new ApiError(409, 'version_conflict', t('form.conflict')));
      } catch (again) {
        setStatus(null);
        // Still offline: say what the user tried (it was not saved), not that the check failed.
        setError(e instanceof OfflineError ? e : again);
      }
    } finally {
      setBusy(false);
    }
  };

  const done = (kind: 'draft' | 'complete', keptOffline = false) => {
    dirty.current = false;
    basedOn.current = null;
    if (repeatable) setData({});
    const text = t(repeatable ? 'form.entryAdded' : kind === 'draft' ? 'form.draftSaved' : 'form.submitted');
    setStatus(keptOffline ? `${text} ${offlineTranslate(locale, 'offline.keptNotSent')}` : text);
    onSaved();
  };

  return (
    <div className="case-form">
      {repeatable && entries.length > 0 && (
        <ol className="entries">
          {entries.map((e, i) => (
            <li key={e.id}>
              <details>
                <summary>
                  {t('form.entry', { n: i + 1 })} · {t(`submission.${e.status}`)}
                </summary>
                <Form
                  schema={askedSchema(v.schema, e.answers) as RJSFSchema}
                  uiSchema={{ ...v.uiSchema, 'ui:submitButtonOptions': { norender: true } }}
                  formData={e.answers}
                  validator={formValidator}
                  translateString={formStrings(locale)}
                  experimental_defaultFormStateBehavior={FORM_DEFAULTS}
                  readonly
                  idPrefix={`f-${formId}-${i}`}
                />
              </details>
            </li>
          ))}
        </ol>
      )}
      {repeatable && canFill && <h4>{t('form.newEntry')}</h4>}
      {(!repeatable || canFill) && (
        <Form
          schema={askedSchema(v.schema, data) as RJSFSchema}
          uiSchema={{ ...v.uiSchema, 'ui:submitButtonOptions': { norender: true } }}
          formData={data}
          validator={formValidator}
          translateString={formStrings(locale)}
          experimental_defaultFormStateBehavior={FORM_DEFAULTS}
          readonly={!canFill}
          liveValidate
          transformErrors={(errors) => localizeFormErrors(errors, locale)}
          showErrorList={false}
          noHtml5Validate
          idPrefix={`f-${formId}`}
          onChange={(e: IChangeEvent) => {
            dirty.current = true;
            // A question no longer asked (its answer changed) loses its answer: it is never sent.
            setData(askedAnswers(v.schema, e.formData ?? {}));
          }}
        />
      )}
      <Problem error={error} />
      <p role="status" aria-live="polite" className="saved">
        {status}
      </p>
      {warnings.length > 0 && (
        <div className="warnings" role="alert">
          <p>{t('form.dataQualityWarnings')}</p>
          <ul>
            {warnings.map((w) => (
              <li key={w.id}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      {canFill && (
        <div className="buttons">
          {!repeatable && (
            <button type="button" onClick={() => save('draft')} disabled={busy}>
              {t('form.saveDraft')}
            </button>
          )}
          <button type="button" className="primary" onClick={() => save('complete')} disabled={busy}>
            {t(repeatable ? 'form.addEntry' : 'form.submit')}
          </button>
        </div>
      )}
    </div>
  );
}
