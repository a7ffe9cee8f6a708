import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { Loading, Problem } from '../components/problem';
import { pick } from '../sop';
import { useApp } from '../session';
import { useApi } from '../use-api';
import {
  base64Of,
  csvHeader,
  DATE_FORMATS,
  useCaseImportT,
  type DryRun,
  type ImportCaseType,
  type ImportField,
  type ImportJob,
  type RowProblem,
  type SavedMapping,
} from './case-import-texts';
import './case-import.css';

type Columns = Record<string, { column: string; dateFormat: string }>;

function ProblemTable({ problems }: { problems: RowProblem[] }) {
  const t = useCaseImportT();
  if (problems.length === 0) return null;
  return (
    <div className="table-wrap" role="region" aria-labelledby="case-import-problems" tabIndex={0}>
      <table>
        <caption id="case-import-problems">{t('problemsCaption', { count: problems.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('row')}</th>
            <th scope="col">{t('column')}</th>
            <th scope="col">{t('reason')}</th>
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

function JobList({ jobs }: { jobs: ImportJob[] }) {
  const t = useCaseImportT();
  if (jobs.length === 0) return <p>{t('noJobs')}</p>;
  return (
    <ul className="case-import-jobs">
      {jobs.map((j) => (
        <li key={j.id} className="card">
          <p>
            <strong>
              <bdi>{j.fileName}</bdi>
            </strong>{' '}
            — {t(`state.${j.state}`)}
          </p>
          <label>
            {t('progress')}: {t('progressOf', { done: j.position, total: j.total })}
            <progress max={Math.max(j.total, 1)} value={j.position} />
          </label>
          <p>{t('jobCounts', { created: j.created, skipped: j.skipped, failed: j.failed })}</p>
        </li>
      ))}
    </ul>
  );
}

/** Pickers of the start form's fields: a column for each (by its header name), a date format for dates, the options shown. */
function FieldPickers({ fields, headers, columns, set }: { fields: ImportField[]; headers: string[]; columns: Columns; set(c: Columns): void }) {
  const t = useCaseImportT();
  const { locale } = useApp();
  return (
    <fieldset className="case-import-fields">
      <legend>{t('mappingTitle')}</legend>
      <datalist id="case-import-headers">
        {headers.map((h) => (
          <option key={h} value={h} />
        ))}
      </datalist>
      {fields.map((f) => {
        const label = pick(f.label, locale);
        const value = columns[f.id] ?? { column: '', dateFormat: 'YYYY-MM-DD' };
        return (
          <div className="field" key={f.id}>
            <label htmlFor={`col-${f.id}`}>
              {t('columnFor', { field: label })}
              {f.required && <span className="meta"> ({t('required')})</span>}
            </label>
            <input
              id={`col-${f.id}`}
              list="case-import-headers"
              value={value.column}
              onChange={(e) => set({ ...columns, [f.id]: { ...value, column: e.target.value } })}
            />
            {f.kind === 'date' && (
              <>
                <label htmlFor={`fmt-${f.id}`}>{t('dateFormatFor', { field: label })}</label>
                <select id={`fmt-${f.id}`} value={value.dateFormat} onChange={(e) => set({ ...columns, [f.id]: { ...value, dateFormat: e.target.value } })}>
                  {DATE_FORMATS.map((d) => (
                    <option key={d}>{d}</option>
                  ))}
                </select>
              </>
            )}
            {f.options && f.options.length > 0 && <p className="meta">{t('options', { list: f.options.map((o) => pick(o.label, locale)).join(', ') })}</p>}
          </div>
        );
      })}
    </fieldset>
  );
}

/** Importing existing records (docs/import.md): map, save, check (nothing created), import with progress. */
export default function CaseImportPage() {
  const t = useCaseImportT();
  const { locale } = useApp();
  const types = useApi<ImportCaseType[]>('/api/case-imports/case-types');
  const mappings = useApi<SavedMapping[]>('/api/case-imports/mappings');
  const jobs = useApi<ImportJob[]>('/api/case-imports/jobs');
  const [file, setFile] = useState<File | null>(null);
  const [headers, setHeaders] = useState<string[]>([]);
  const [caseType, setCaseType] = useState('');
  const [mappingId, setMappingId] = useState('');
  const [name, setName] = useState('');
  const [externalId, setExternalId] = useState('');
  const [registrar, setRegistrar] = useState('');
  const [assignee, setAssignee] = useState<'rule' | 'nobody' | 'column'>('rule');
  const [assigneeColumn, setAssigneeColumn] = useState('');
  const [columns, setColumns] = useState<Columns>({});
  const [saved, setSaved] = useState(false);
  const [report, setReport] = useState<DryRun | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const running = (jobs.data ?? []).some((j) => j.state === 'queued' || j.state === 'running');
  const reloadJobs = jobs.reload;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reloadJobs, 1000);
    return () => clearInterval(timer);
  }, [running, reloadJobs]);

  if (types.error) return <Problem error={types.error} />;
  if (!types.data || !mappings.data) return <Loading />;
  const type = types.data.find((c) => c.id === caseType) ?? null;

  const choose = async (f: File | undefined) => {
    setReport(null);
    setFile(f ?? null);
    setHeaders(f && !/\.xlsx$/i.test(f.name) ? csvHeader(await f.slice(0, 64 * 1024).text()) : []);
  };
  const load = (id: string) => {
    setMappingId(id);
    setSaved(false);
    const m = mappings.data?.find((x) => x.id === id);
    if (!m) return;
    setCaseType(m.caseType);
    setName(m.name);
    setExternalId(m.mapping.externalIdColumn);
    setRegistrar(m.mapping.registrar);
    const owner = m.mapping.assignee ?? 'rule';
    setAssignee(typeof owner === 'object' ? 'column' : owner);
    setAssigneeColumn(typeof owner === 'object' ? owner.column : '');
    setColumns(Object.fromEntries(m.mapping.columns.map((c) => [c.field, { column: c.column, dateFormat: c.dateFormat ?? 'YYYY-MM-DD' }])));
  };
  const call = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const fields = type?.fields ?? [];
    const body = {
      name,
      caseType,
      externalIdColumn: externalId,
      registrar,
      assignee: assignee === 'column' ? { column: assigneeColumn } : assignee,
      columns: fields
        .filter((f) => columns[f.id]?.column)
        .map((f) => ({ column: columns[f.id].column, field: f.id, ...(f.kind === 'date' ? { dateFormat: columns[f.id].dateFormat } : {}) })),
    };
    const result = await call(() => api<SavedMapping>('POST', '/api/case-imports/mappings', body));
    if (result) {
      setMappingId(result.id);
      setSaved(true);
      mappings.reload();
    }
  };
  const upload = async () => ({ mappingId, fileName: file!.name, content: await base64Of(file!) });
  const check = async () => {
    setReport(null);
    const result = await call(async () => api<DryRun>('POST', '/api/case-imports/dry-run', await upload()));
    if (result) setReport(result);
  };
  const start = async () => {
    if (await call(async () => api<ImportJob>('POST', '/api/case-imports/jobs', await upload()))) {
      setReport(null);
      jobs.reload();
    }
  };

  return (
    <div className="case-import">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <form className="card" onSubmit={(e) => void save(e)}>
        <div className="field">
          <label htmlFor="case-import-file">{t('file')}</label>
          <input id="case-import-file" type="file" accept=".csv,.xlsx,text/csv" onChange={(e) => void choose(e.target.files?.[0])} />
        </div>
        <div className="field">
          <label htmlFor="case-import-saved">{t('savedMappings')}</label>
          <select id="case-import-saved" value={mappingId} onChange={(e) => load(e.target.value)}>
            <option value="">{t('newMapping')}</option>
            {mappings.data.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} — {pick(types.data?.find((c) => c.id === m.caseType)?.label, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="case-import-type">{t('caseType')}</label>
          <select id="case-import-type" value={caseType} onChange={(e) => setCaseType(e.target.value)}>
            <option value="" />
            {types.data.map((c) => (
              <option key={c.id} value={c.id}>
                {pick(c.label, locale)}
              </option>
            ))}
          </select>
        </div>
        {type && (
          <>
            <div className="field">
              <label htmlFor="case-import-external">{t('externalId')}</label>
              <input id="case-import-external" list="case-import-headers" required value={externalId} onChange={(e) => setExternalId(e.target.value)} />
            </div>
            <FieldPickers fields={type.fields} headers={headers} columns={columns} set={setColumns} />
            <div className="field">
              <label htmlFor="case-import-registrar">{t('registrar')}</label>
              <input
                id="case-import-registrar"
                required
                value={registrar}
                aria-describedby="case-import-registrar-hint"
                onChange={(e) => setRegistrar(e.target.value)}
              />
              <p className="meta" id="case-import-registrar-hint">
                {t('registrarHint')}
              </p>
            </div>
            <div className="field">
              <label htmlFor="case-import-assignee">{t('assignee')}</label>
              <select id="case-import-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value as typeof assignee)}>
                {(['rule', 'nobody', 'column'] as const).map((a) => (
                  <option key={a} value={a}>
                    {t(`assignee.${a}`)}
                  </option>
                ))}
              </select>
            </div>
            {assignee === 'column' && (
              <div className="field">
                <label htmlFor="case-import-assignee-column">{t('assigneeColumn')}</label>
                <input
                  id="case-import-assignee-column"
                  list="case-import-headers"
                  required
                  value={assigneeColumn}
                  onChange={(e) => setAssigneeColumn(e.target.value)}
                />
              </div>
            )}
            <div className="field">
              <label htmlFor="case-import-name">{t('name')}</label>
              <input id="case-import-name" required value={name} onChange={(e) => setName(e.target.value)} />
            </div>
            <div className="actions">
              <button type="submit" disabled={busy}>
                {t('save')}
              </button>
              <button type="button" className="primary" disabled={busy || !file || !mappingId} onClick={() => void check()}>
                {t('check')}
              </button>
            </div>
            {saved && <p role="status">{t('saved')}</p>}
            {!mappingId && <p className="meta">{t('needMapping')}</p>}
          </>
        )}
      </form>
      <Problem error={error} />
      {busy && (
        <p role="status" aria-live="polite">
          {t('working')}
        </p>
      )}
      {report && (
        <section className="card" aria-labelledby="case-import-check-title">
          <h2 id="case-import-check-title">{t('checkTitle')}</h2>
          <p role="status">
            {t('checked', { rows: report.rows, valid: report.valid, already: report.alreadyImported, bad: new Set(report.problems.map((p) => p.row)).size })}
          </p>
          <ProblemTable problems={report.problems} />
          {report.possibleDuplicates.length > 0 && (
            <div className="table-wrap" role="region" aria-labelledby="case-import-duplicates" tabIndex={0}>
              <table>
                <caption id="case-import-duplicates">{t('duplicatesCaption', { count: report.possibleDuplicates.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('row')}</th>
                    <th scope="col">{t('externalIdShort')}</th>
                    <th scope="col">{t('looksLike')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.possibleDuplicates.map((d) => (
                    <tr key={d.row}>
                      <td>{d.row}</td>
                      <td>
                        <bdi>{d.externalId}</bdi>
                      </td>
                      <td>
                        <bdi>{d.cases.map((c) => c.caseNumber).join(', ')}</bdi>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {report.valid > 0 && (
            <div className="actions">
              <button type="button" className="primary" disabled={busy} onClick={() => void start()}>
                {t('import', { count: report.valid })}
              </button>
            </div>
          )}
        </section>
      )}
      <section aria-labelledby="case-import-jobs-title">
        <h2 id="case-import-jobs-title">{t('jobsTitle')}</h2>
        {jobs.data ? <JobList jobs={jobs.data} /> : <Loading />}
      </section>
    </div>
  );
}
