import { useState, type FormEvent } from 'react';
import { api } from '../api';
import type { ApiSchemas } from '../api-types';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp } from '../session';
import { useApi } from '../use-api';
import { codesCsv, ImportReport, useImportT, type ImportProblem } from './people-import-texts';
import './people-import.css';

/** The problems of a file's rows: row as a spreadsheet numbers it (header = 1), the column, why. */
function ProblemTable({ problems }: { problems: ImportProblem[] }) {
  const t = useImportT();
  if (problems.length === 0) return null;
  return (
    <div className="table-wrap import-problems" role="region" aria-labelledby="import-problems-caption" tabIndex={0}>
      <table>
        <caption id="import-problems-caption">{t('import.problemsCaption', { count: problems.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('import.row')}</th>
            <th scope="col">{t('import.column')}</th>
            <th scope="col">{t('import.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td>{p.row}</td>
              <td>
                <bdi>{p.column}</bdi>
              </td>
              <td>
                <bdi>{p.message}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Many users from a CSV file: the check (nothing created) lists every bad row; creating makes every
 * good one, and the one-time codes are offered once, as a file to download and hand over.
 */
export default function PeopleImportPage() {
  const t = useImportT();
  const { locale, timeZone } = useApp();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Who may import: only someone who administers people (else the form would end in a refusal after choosing a file).
  const reach = useApi<ApiSchemas['AdministrationReach']>('/api/people/reach');

  const choose = async (f: File | undefined) => {
    setReport(null);
    setError(null);
    setFile(f ? { name: f.name, text: await f.text() } : null);
  };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await api<ImportReport>('POST', `/api/people/import?dryRun=${dryRun}`, { csv: file.text }));
    } catch (e) {
      setReport(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const download = () => {
    if (!report) return;
    const csv = codesCsv(report.passwordCodes, [t('import.codesUsername'), t('import.codesName'), t('import.codesCode'), t('import.codesExpiry')], (at) =>
      formatDateTime(at, locale, timeZone),
    );
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    a.download = 'set-password-codes.csv';
    a.click();
    // Later: revoking at once can cancel the download before the browser has read the file.
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  };

  const check = (e: FormEvent) => {
    e.preventDefault();
    void run(true);
  };
  const created = report && !report.dryRun;
  if (reach.error) return <Problem error={reach.error} />;
  if (!reach.data) return <Loading />;

  return (
    <div className="people-import">
      <p>
        <Link href="/people">{t('import.back')}</Link>
      </p>
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <p className="meta">{t('import.columns')}</p>
      {!created && (
        <form className="card" onSubmit={check}>
          <div className="field">
            <label htmlFor="import-file">{t('import.file')}</label>
            <input id="import-file" type="file" accept=".csv,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
          </div>
          <div className="actions">
            <button type="submit" disabled={!file || busy}>
              {t('import.check')}
            </button>
          </div>
        </form>
      )}
      <Problem error={error} />
      {busy && (
        <p role="status" aria-live="polite">
          {t('import.working')}
        </p>
      )}
      {report?.dryRun && (
        <section className="card" aria-labelledby="import-check-title">
          <h2 id="import-check-title">{t('import.checkTitle')}</h2>
          <p role="status">{t('import.checked', { rows: report.rows, valid: report.valid, bad: new Set(report.problems.map((p) => p.row)).size })}</p>
          <ProblemTable problems={report.problems} />
          {report.valid > 0 && (
            <div className="actions">
              <button type="button" className="primary" disabled={busy} onClick={() => void run(false)}>
                {t('import.create', { count: report.valid })}
              </button>
            </div>
          )}
        </section>
      )}
      {created && (
        <section className="card" aria-labelledby="import-done-title">
          <h2 id="import-done-title">{t('import.doneTitle')}</h2>
          <p role="status">{t('import.done', { created: report.created, bad: new Set(report.problems.map((p) => p.row)).size })}</p>
          {report.created > 0 && (
            <>
              <p>
                <strong>{t('import.codesOnce')}</strong>
              </p>
              <div className="actions">
                <button type="button" className="primary" onClick={download}>
                  {t('import.download')}
                </button>
              </div>
            </>
          )}
          <ProblemTable problems={report.problems} />
        </section>
      )}
    </div>
  );
}
