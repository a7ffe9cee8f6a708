import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type FieldProblem } from '../../api';
import { PublishedVersion, useAdminT } from '../../admin-texts';
import { Loading, Problem } from '../../components/problem';
import { formatDateTime } from '../../i18n';
import { Link } from '../../router';
import { useApp } from '../../session';
import { useApi } from '../../use-api';
import { DRY_RUN_PAGE, DryRunView } from './dry-run-view';
import { useMigrationT } from './migration-texts';
import { PlanEditor } from './plan-editor';
import { DryRunReport, initialDraft, MigrationOutline, PlanDraft, toPlan } from './plan-model';
import { RunView } from './run-view';
import '../../admin.css';
import '../../stacked-table.css';
import './migration.css';

const query = () => new URLSearchParams(location.search);
const numberParam = (name: string) => {
  const n = Number(query().get(name));
  return Number.isInteger(n) && n > 0 ? n : null;
};

/**
 * Administrators: moving open cases to a later published version (docs/case-migration.md). Choose the
 * versions, build the plan with pickers, read its dry run, then run it and follow its progress.
 */
export default function MigrationPage() {
  const t = useMigrationT();
  const adminT = useAdminT();
  const { locale, timeZone } = useApp();
  const versions = useApi<PublishedVersion[]>('/api/sop/versions');
  const [from, setFrom] = useState<number | null>(() => numberParam('from'));
  const [to, setTo] = useState<number | null>(() => numberParam('to'));
  const [runId, setRunId] = useState<string | null>(() => query().get('run'));
  const list = versions.data ?? [];
  const latest = list[0]?.version ?? null;
  const toVersion = to ?? latest;
  const fromVersion = from ?? list.find((v) => toVersion !== null && v.version < toVersion)?.version ?? null;
  const pair = fromVersion !== null && toVersion !== null && fromVersion < toVersion;
  const outline = useApi<MigrationOutline>(pair ? `/api/sop/migrations/outline/${fromVersion}/${toVersion}` : null);

  // The address keeps the versions and the run followed, so a reload or a shared link comes back to them.
  useEffect(() => {
    if (fromVersion === null || toVersion === null) return;
    const q = new URLSearchParams({ from: String(fromVersion), to: String(toVersion), ...(runId ? { run: runId } : {}) });
    if (location.search !== `?${q}`) history.replaceState(null, '', `/admin/migrations?${q}`);
  }, [fromVersion, toVersion, runId]);

  if (versions.error instanceof ApiError && versions.error.status === 403) {
    return (
      <section className="card">
        <h1>{t('migration.title')}</h1>
        <p className="admin-only">{adminT('admin.onlyAdministrators')}</p>
      </section>
    );
  }
  if (versions.error) return <Problem error={versions.error} />;
  if (!versions.data) return <Loading />;

  const choose = (f: number | null, tt: number | null) => {
    setFrom(f);
    setTo(tt);
    setRunId(null);
  };
  return (
    <div className="admin-pack migration-page">
      <p>
        <Link href="/admin/pack/versions">{t('migration.back')}</Link>
      </p>
      <h1>{t('migration.title')}</h1>
      <p>{t('migration.intro')}</p>

      <section className="card" aria-labelledby="migration-versions-title">
        <h2 id="migration-versions-title">{t('migration.versions.title')}</h2>
        {list.length < 2 ? (
          <p>{t('migration.versions.onlyOne')}</p>
        ) : (
          <div className="migration-versions">
            <div>
              <label htmlFor="migration-from">{t('migration.versions.from')}</label>
              <select id="migration-from" value={fromVersion ?? ''} onChange={(e) => choose(Number(e.target.value), toVersion)}>
                {list.slice(1).map((v) => (
                  <option key={v.id} value={v.version}>
                    {t('migration.versions.option', { version: v.version, date: formatDateTime(v.publishedAt, locale, timeZone) })}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="migration-to">{t('migration.versions.to')}</label>
              <select id="migration-to" value={toVersion ?? ''} onChange={(e) => choose(fromVersion, Number(e.target.value))}>
                {list
                  .filter((v) => fromVersion === null || v.version > fromVersion)
                  .map((v) => (
                    <option key={v.id} value={v.version}>
                      {t('migration.versions.option', { version: v.version, date: formatDateTime(v.publishedAt, locale, timeZone) })}
                    </option>
                  ))}
              </select>
            </div>
          </div>
        )}
        {list.length >= 2 && !pair && <p role="alert">{t('migration.versions.toNewer')}</p>}
        {outline.error ? <Problem error={outline.error} /> : null}
        {outline.data && (
          <p role="status">
            {t('migration.versions.openCases', { n: outline.data.from.openCases, version: outline.data.from.version })}{' '}
            {outline.data.from.closedCases > 0 && t('migration.versions.closedCases', { n: outline.data.from.closedCases })}
          </p>
        )}
        {outline.data && outline.data.runs.length > 0 && (
          <>
            <h3>{t('migration.runs.title')}</h3>
            <ul className="migration-runs">
              {outline.data.runs.map((r) => (
                <li key={r.id}>
                  {t('migration.runs.item', {
                    at: formatDateTime(r.startedAt, locale, timeZone),
                    status: t(`migration.run.status.${r.status}`),
                    moved: r.moved,
                    cannotMove: r.cannotMove,
                    total: r.total,
                  })}{' '}
                  {r.id !== runId && (
                    <button type="button" className="link" onClick={() => setRunId(r.id)}>
                      {t('migration.runs.open')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {pair && outline.loading && !outline.data && <Loading />}
      {pair && outline.data && outline.data.from.version === fromVersion && outline.data.to.version === toVersion && (
        <PlanSection key={`${fromVersion}-${toVersion}`} outline={outline.data} onRun={setRunId} />
      )}
      {runId && <RunView key={runId} id={runId} t={t} onFinished={outline.reload} />}
    </div>
  );
}

/** The plan, its JSON for the CLI, the dry run and the start of the run (confirmed first). */
function PlanSection({ outline, onRun }: { outline: MigrationOutline; onRun(id: string): void }) {
  const t = useMigrationT();
  const [draft, setDraftState] = useState<PlanDraft>(() => initialDraft(outline));
  const [planErrors, setPlanErrors] = useState<FieldProblem[]>([]);
  const [report, setReport] = useState<DryRunReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState<{ id: string; created: boolean } | null>(null);
  const [otherRun, setOtherRun] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  const plan = toPlan(draft);
  const setDraft = (d: PlanDraft) => {
    setDraftState(d);
    // A dry run says what the plan it was run with does: a changed plan needs another.
    setReport(null);
    setConfirming(false);
  };

  const refused = (e: unknown) => {
    if (e instanceof ApiError && e.code === 'migration_plan_invalid') setPlanErrors(e.errors);
    else setError(e);
  };
  const dryRun = useCallback(
    async (offset: number) => {
      setBusy(true);
      setError(null);
      setPlanErrors([]);
      try {
        setReport(await api<DryRunReport>('POST', `/api/sop/migrations/dry-run?offset=${offset}&limit=${DRY_RUN_PAGE}`, toPlan(draft)));
      } catch (e) {
        setReport(null);
        refused(e);
      } finally {
        setBusy(false);
      }
    },
    [draft],
  );
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const start = async () => {
    setBusy(true);
    setError(null);
    setOtherRun(false);
    try {
      const r = await api<{ id: string; created: boolean }>('POST', '/api/sop/migrations', plan);
      setConfirming(false);
      // What the dry run showed has now been done (or is being done): the run's own view says what happened.
      setReport(null);
      setRunning(r);
      onRun(r.id);
    } catch (e) {
      setConfirming(false);
      // Another plan's run between these versions is unfinished: said, and that run shown below to resume first.
      if (e instanceof ApiError && e.code === 'case_migration_running' && typeof e.body.migrationId === 'string') {
        setOtherRun(true);
        onRun(e.body.migrationId);
      } else refused(e);
    } finally {
      setBusy(false);
    }
  };

  const download = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(plan, null, 2)], { type: 'application/json' }));
    a.download = `migration-v${plan.fromVersion}-v${plan.toVersion}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  };

  return (
    <>
      <section className="card" aria-labelledby="plan-title">
        <h2 id="plan-title">{t('migration.plan.title', { from: outline.from.version, to: outline.to.version })}</h2>
        {planErrors.length > 0 && (
          <p className="problem" role="alert">
            {t('migration.plan.refused', { n: planErrors.length })}
          </p>
        )}
        <PlanEditor outline={outline} draft={draft} onChange={setDraft} errors={planErrors} t={t} />
        <details className="migration-json">
          <summary>{t('migration.plan.json')}</summary>
          <p className="hint">{t('migration.plan.jsonHint', { version: plan.fromVersion })}</p>
          <pre tabIndex={0} aria-label={t('migration.plan.json')} dir="ltr">
            {JSON.stringify(plan, null, 2)}
          </pre>
          <button type="button" onClick={download}>
            {t('migration.plan.download')}
          </button>
        </details>
        <div className="migration-actions">
          <button type="button" disabled={busy} onClick={() => void dryRun(0)}>
            {busy && !confirming ? t('migration.dryRun.running') : t('migration.dryRun.button')}
          </button>
          <button type="button" disabled={busy || !report || report.summary.willMove === 0} onClick={() => setConfirming(true)}>
            {t('migration.run.button')}
          </button>
        </div>
        {!report && <p className="hint">{t('migration.run.dryRunFirst')}</p>}
        {error ? <Problem error={error} /> : null}
        {running && !running.created && <p role="status">{t('migration.run.continued')}</p>}
        {otherRun && (
          <p className="problem" role="alert">
            {t('migration.run.otherRunning')}
          </p>
        )}
        {confirming && report && (
          <div className="migration-confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" tabIndex={-1} ref={confirmRef}>
            <h3 id="confirm-title">{t('migration.confirm.title')}</h3>
            <p id="confirm-text">{t('migration.confirm.text', { n: report.summary.willMove, from: outline.from.version, to: outline.to.version })}</p>
            <div className="migration-actions">
              <button type="button" disabled={busy} onClick={() => void start()}>
                {t('migration.confirm.yes')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('migration.confirm.no')}
              </button>
            </div>
          </div>
        )}
      </section>
      {report && <DryRunView report={report} outline={outline} onPage={(offset) => void dryRun(offset)} t={t} />}
    </>
  );
}
