import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import { useId, useState } from 'react';
import { api } from '../api';
import { FORM_DEFAULTS } from '../form-defaults';
import { localizeFormErrors } from '../form-errors';
import { navigate } from '../router';
import { useApp, useT } from '../session';
import { formValidator } from '../validator';
import { formStrings } from '../form-strings';
import { Problem } from '../components/problem';
import { useAction, type SectionStatus } from '../components/case-actions/use-action';
import type { ScreenActionView } from './screen-types';
import { bodyFields, fillPath, holds, screenHref, screenParams, type ScreenContext } from './screen-values';

/**
 * A plugin's action: a button that calls one of its routes, after the form it declares (a plugin
 * form or its own fields) or a confirmation; then says what was done and reloads the screen, or
 * opens the screen the action leads to. Not shown when its condition does not hold on the context.
 */
export function ScreenAction({
  action,
  ctx,
  pluginId,
  status,
  onDone,
}: {
  action: ScreenActionView;
  ctx: ScreenContext;
  pluginId: string;
  status: SectionStatus;
  onDone(): void;
}) {
  const t = useT();
  const { locale } = useApp();
  const [open, setOpen] = useState(false);
  const [data, setData] = useState<Record<string, unknown>>({});
  const { busy, error, run, setError } = useAction(status);
  const panelId = useId();
  const path = fillPath(action.path, action.params, ctx);
  const fromCtx = bodyFields(action.bodyFrom, ctx);
  if (!path || !fromCtx || !holds(action.when, ctx)) return null;

  const call = async (answers?: Record<string, unknown>) => {
    let result: unknown;
    const body =
      answers === undefined
        ? { ...(action.body ?? {}), ...fromCtx }
        : action.form?.answers
          ? { answers, ...(action.body ?? {}), ...fromCtx }
          : { ...answers, ...(action.body ?? {}), ...fromCtx };
    const ok = await run(async () => {
      result = await api(action.method, path, body);
    }, action.done);
    if (!ok) return;
    setOpen(false);
    setData({});
    const then = action.then ? screenParams(action.then.params, { ...ctx, result }) : null;
    if (action.then && then) navigate(screenHref(pluginId, action.then.screen, then));
    else onDone();
  };
  const needsPanel = !!action.form || !!action.confirm;
  if (!needsPanel) {
    return (
      <span className="screen-action">
        <button type="button" className="secondary" disabled={busy} onClick={() => void call()}>
          {action.label}
        </button>
        <Problem error={error} />
      </span>
    );
  }
  return (
    <div className="screen-action">
      <button
        type="button"
        className="secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          setOpen(!open);
          setError(null);
        }}
      >
        {action.label}
      </button>
      {open && (
        <div id={panelId} className="action-panel">
          {action.form ? (
            <Form
              schema={action.form.schema as RJSFSchema}
              idPrefix={`${pluginId}_${action.id}`.replace(/[^A-Za-z0-9_]/g, '_')}
              formData={data}
              validator={formValidator}
              translateString={formStrings(locale)}
              experimental_defaultFormStateBehavior={FORM_DEFAULTS}
              onChange={(e) => setData((e.formData ?? {}) as Record<string, unknown>)}
              onSubmit={(e) => void call((e.formData ?? {}) as Record<string, unknown>)}
              transformErrors={(errors) => localizeFormErrors(errors, locale)}
              showErrorList={false}
              noHtml5Validate
              disabled={busy}
            >
              {action.confirm && <p>{action.confirm}</p>}
              <div className="actions">
                <button type="submit" disabled={busy}>
                  {action.label}
                </button>
                <button type="button" className="link" onClick={() => setOpen(false)}>
                  {t('plugins.cancel')}
                </button>
              </div>
            </Form>
          ) : (
            <>
              <p>{action.confirm}</p>
              <div className="actions">
                <button type="button" disabled={busy} onClick={() => void call()}>
                  {t('plugins.confirm')}
                </button>
                <button type="button" className="link" onClick={() => setOpen(false)}>
                  {t('plugins.cancel')}
                </button>
              </div>
            </>
          )}
          <Problem error={error} />
        </div>
      )}
    </div>
  );
}
