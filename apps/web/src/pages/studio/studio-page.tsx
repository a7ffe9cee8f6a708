import { useMemo, useState } from 'react';
import { api, ApiError } from '../../api';
import type { ApiSchemas } from '../../api-types';
import { useAdminT } from '../../admin-texts';
import { Loading, Problem } from '../../components/problem';
import { WorkflowGraph } from '../../components/workflow-graph';
import { formatDateTime } from '../../i18n';
import { ReportingEditor } from './reporting-editor';
import { OfflinePolicyEditor } from './offline-policy-editor';
import { TemplatesEditor } from './templates-editor';
import { templatesElementOf } from './templates-model';
import { templatesWords, useTemplatesT } from './templates-texts';
import { Link } from '../../router';
import { useApp } from '../../session';
import { useApi } from '../../use-api';
import { DeadlineEditor } from './deadline-editor';
import { namedPointers } from './deadline-model';
import { DiscardDraft } from './discard-draft';
import { DraftDiff } from './draft-diff';
import { addedFieldLabels, DraftChange, DraftView, draftWorkflow, elementOf } from './draft-model';
import { FormEditor } from './form-editor';
import { useDeadlinesT } from './studio-deadlines-texts';
import { DraftFindingWords, elementWords, findingText, StudioT, useFindingWords, useStudioT } from './studio-texts';
import { useDraftEdits } from './use-draft-edits';
import { WorkflowSection } from './workflow-editor';
import { WhatIf } from './what-if';
import '../../admin.css';
import './studio.css';
import { OptionListsEditor } from './option-lists-editor';
import { RolesEditor } from './roles-editor';
import { rolesElementOf } from './roles-model';
import { workflowElementOf } from './workflow-model';
import { useWorkflowT } from './workflow-texts';
import { rolesWords, useRolesT } from './roles-texts';

type DraftList = { drafts: Array<ApiSchemas['SopDraftSummary']> };
type Published = ApiSchemas['SopDraftPublishResult'];

/** Administrators edit a draft of the SOP pack: forms and deadlines, checked at every change, then export or publish it. */
export default function StudioPage() {
  const t = useStudioT();
  const adminT = useAdminT();
  const list = useApi<DraftList>('/api/sop/drafts');
  const [published, setPublished] = useState<Published | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [discarded, setDiscarded] = useState<number | null>(null);
  const discardT = useDeadlinesT();
  const open = list.data?.drafts.find((d) => d.status === 'open');

  if (list.error instanceof ApiError && list.error.status === 403) {
    return (
      <section className="card">
        <h1>{t('studio.title')}</h1>
        <p className="admin-only">{adminT('admin.onlyAdministrators')}</p>
      </section>
    );
  }
  if (list.error) return <Problem error={list.error} />;
  if (!list.data) return <Loading />;

  const start = async () => {
    setStartError(null);
    setPublished(null);
    setDiscarded(null);
    try {
      await api('POST', '/api/sop/drafts', {});
    } catch (e) {
      // Someone else opened one meanwhile: it is the one to work in.
      if (!(e instanceof ApiError && e.code === 'sop_draft_exists')) setStartError(e);
    }
    list.reload();
  };

  return (
    <div className="admin-pack studio">
      <p>
        <Link href="/admin">{t('studio.back')}</Link>
      </p>
      <h1>{t('studio.title')}</h1>
      <p>{t('studio.intro')}</p>
      <div aria-live="polite">
        {published && (
          <p role="status" className="studio-published">
            {t('studio.published', { version: published.version })} <Link href="/admin/pack/versions">{t('studio.seeVersions')}</Link>
          </p>
        )}
        {discarded !== null && <p role="status">{discardT('studio.discard.done', { id: discarded })}</p>}
      </div>
      {open ? (
        <DraftEditor key={open.id} id={open.id} onPublished={(p) => (setPublished(p), list.reload())} onDiscarded={(id) => (setDiscarded(id), list.reload())} />
      ) : (
        <section className="card">
          <p>{t('studio.noDraft')}</p>
          <button type="button" onClick={() => void start()}>
            {t('studio.start')}
          </button>
          {startError ? <Problem error={startError} /> : null}
        </section>
      )}
    </div>
  );
}

function DraftEditor({ id, onPublished, onDiscarded }: { id: number; onPublished(p: Published): void; onDiscarded(id: number): void }) {
  const t = useStudioT();
  const adminT = useAdminT();
  const { locale, timeZone } = useApp();
  const draft = useApi<DraftView>(`/api/sop/drafts/${id}`);
  const changes = useApi<{ changes: DraftChange[] }>(`/api/sop/drafts/${id}/changes`);
  const reload = () => {
    draft.reload();
    changes.reload();
  };
  if (draft.error) return <Problem error={draft.error} />;
  if (!draft.data || !changes.data) return <Loading />;
  return (
    <DraftFindingWords files={draft.data.files}>
      <LoadedDraft
        draft={draft.data}
        changes={changes.data.changes}
        reload={reload}
        t={t}
        adminT={adminT}
        locale={locale}
        timeZone={timeZone}
        onPublished={onPublished}
        onDiscarded={onDiscarded}
      />
    </DraftFindingWords>
  );
}

function LoadedDraft(props: {
  draft: DraftView;
  changes: DraftChange[];
  reload(): void;
  t: StudioT;
  adminT: ReturnType<typeof useAdminT>;
  locale: string;
  timeZone?: string;
  onPublished(p: Published): void;
  onDiscarded(id: number): void;
}) {
  const { draft, changes, t, locale } = props;
  const edits = useDraftEdits(draft, props.reload);
  const findingWords = useFindingWords();
  const words = elementWords(t);
  const added = addedFieldLabels(changes);
  const rolesT = useRolesT();
  const workflowT = useWorkflowT();
  const templatesT = useTemplatesT();
  // Roles, rules and options (rolesElementOf), steps and transitions (workflowElementOf), templates and reporting (templatesElementOf)
  // by their labels; the rest as draft-model names it.
  const nameOf = (pointer: string, change?: DraftChange) =>
    rolesElementOf(draft.files, pointer, locale, rolesWords(rolesT), change) ??
    workflowElementOf(draft.files, pointer, locale, workflowT, change) ??
    templatesElementOf(draft.files, pointer, locale, templatesWords(templatesT, locale)) ??
    elementOf(draft.files, pointer, locale, words, added);
  const pack = useMemo(() => draftWorkflow(draft.files), [draft.files]);
  const errors = draft.findings.filter((f) => f.severity === 'error').length;
  const warnings = draft.findings.length - errors;
  const editorProps = { draft, locale, t, send: edits.send, busy: edits.busy };

  return (
    <>
      <section className="card studio-header" aria-labelledby="studio-draft-title">
        <h2 id="studio-draft-title">{t('studio.draft', { id: draft.id, revision: draft.revision })}</h2>
        <p>
          {draft.baseVersion !== null ? t('studio.fromVersion', { version: draft.baseVersion }) : t('studio.fromFiles')}{' '}
          <span className={errors ? 'severity-error' : ''}>{t('studio.errors', { n: errors })}</span>,{' '}
          <span className={warnings ? 'severity-warning' : ''}>{t('studio.warnings', { n: warnings })}</span>
        </p>
        <div aria-live="assertive">
          {edits.conflicts && (
            <div role="alert" className="problem studio-conflict">
              {edits.conflicts.map((c, i) => (
                <p key={i}>{t('studio.conflict', { element: nameOf(c.path), who: c.changedByName })}</p>
              ))}
              <p>{t('studio.conflictKept')}</p>
              <button type="button" onClick={() => (edits.clear(), props.reload())}>
                {t('studio.reload')}
              </button>
            </div>
          )}
        </div>
        {edits.error ? <Problem error={edits.error} /> : null}
        {/* A refusal is about the revision it was made at: a new one starts clean. */}
        <PublishBar key={draft.revision} {...props} />
        <DiscardDraft draft={draft} onDiscarded={props.onDiscarded} />
      </section>

      <section className="card" aria-labelledby="studio-findings-title">
        <h2 id="studio-findings-title">{t('studio.findings')}</h2>
        {draft.findings.length === 0 ? (
          <p>{t('studio.noFindings')}</p>
        ) : (
          <ul className="studio-findings">
            {draft.findings.map((f, i) => {
              const { text, translated } = findingText(f, t, findingWords);
              return (
                <li key={i} className={`severity-${f.severity}`}>
                  <strong>{t(`studio.severity.${f.severity}`)}</strong> — <bdi>{nameOf(f.pointer)}</bdi>:{' '}
                  <span lang={translated ? undefined : 'en'}>{text}</span>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="studio-forms-title">
        <h2 id="studio-forms-title">{t('studio.forms')}</h2>
        <FormEditor {...editorProps} changes={changes} />
      </section>

      <section className="card" aria-labelledby="studio-deadlines-title">
        <h2 id="studio-deadlines-title">{t('studio.deadlines')}</h2>
        <DeadlineEditor {...editorProps} adminT={props.adminT} />
      </section>

      <section className="card" aria-labelledby="studio-diff-title">
        <h2 id="studio-diff-title">{t('studio.diff.title')}</h2>
        <DraftDiff draft={draft} t={t} />
      </section>

      <section className="card" aria-labelledby="studio-what-if-title">
        <WhatIf draft={draft} locale={locale} />
      </section>

      <section className="card" aria-labelledby="studio-roles-title">
        <h2 id="studio-roles-title">{rolesT('studio.roles')}</h2>
        <RolesEditor {...editorProps} t={rolesT} nameOf={nameOf} />
      </section>

      <section className="card" aria-labelledby="studio-option-lists-title">
        <h2 id="studio-option-lists-title">{rolesT('studio.optionLists')}</h2>
        <OptionListsEditor {...editorProps} t={rolesT} nameOf={nameOf} />
      </section>

      <WorkflowSection draft={draft} locale={locale} send={edits.send} busy={edits.busy} />

      <section className="card" aria-labelledby="studio-graph-title">
        <h2 id="studio-graph-title">{t('studio.graph')}</h2>
        <WorkflowGraph pack={pack} locale={locale} t={props.adminT} />
      </section>

      <section className="card" aria-labelledby="studio-templates-title">
        <TemplatesEditor draft={draft} locale={locale} send={edits.send} busy={edits.busy} />
      </section>

      <section className="card" aria-labelledby="studio-reporting-title">
        <ReportingEditor draft={draft} locale={locale} send={edits.send} busy={edits.busy} />
      </section>

      <section className="card" aria-labelledby="studio-offline-title">
        <OfflinePolicyEditor draft={draft} send={edits.send} busy={edits.busy} />
      </section>

      <section className="card" aria-labelledby="studio-log-title">
        <h2 id="studio-log-title">{t('studio.log')}</h2>
        <ol className="studio-log" reversed>
          {[...changes].reverse().map((c) => (
            <li key={c.revision}>
              {t(`studio.change.${c.kind}`, {
                who: c.changedBy,
                when: formatDateTime(c.changedAt, locale, props.timeZone),
                revision: c.revision,
                what: [...new Set(namedPointers(c).map((p) => nameOf(p, c)))].join(', '),
              })}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function PublishBar(props: { draft: DraftView; t: StudioT; reload(): void; onPublished(p: Published): void }) {
  const { draft, t } = props;
  const [refusal, setRefusal] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const exportFiles = async () => {
    setRefusal(null);
    try {
      const out = await api<ApiSchemas['SopDraftExport']>('GET', `/api/sop/drafts/${draft.id}/export`);
      const file = `${draft.packId}-draft-${draft.id}-r${out.revision}.json`;
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([JSON.stringify(out, null, 2)], { type: 'application/json' }));
      a.download = file;
      a.click();
      // Later: revoking at once can cancel the download before the browser has read the file.
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
      setSaved(file);
    } catch (e) {
      setRefusal(e);
    }
  };
  const publish = async () => {
    setRefusal(null);
    setBusy(true);
    try {
      props.onPublished(await api<Published>('POST', `/api/sop/drafts/${draft.id}/publish`, { revision: draft.revision }));
    } catch (e) {
      setRefusal(e);
      props.reload();
    } finally {
      setBusy(false);
    }
  };
  const hasErrors = refusal instanceof ApiError && refusal.code === 'sop_draft_has_errors';
  return (
    <div className="studio-actions">
      <button type="button" onClick={() => void exportFiles()}>
        {t('studio.export')}
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => void publish()}>
        {t('studio.publish')}
      </button>
      <div aria-live="polite">{saved && <p role="status">{t('studio.exported', { file: saved })}</p>}</div>
      {hasErrors ? (
        <p role="alert" className="problem">
          {t('studio.publishRefused')}
        </p>
      ) : refusal ? (
        <Problem error={refusal} />
      ) : null}
    </div>
  );
}
