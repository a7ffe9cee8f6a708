import { FormEvent, useState } from 'react';
import { api, ApiError } from '../api';
import { PublishedVersion, useAdminT } from '../admin-texts';
import { Loading, Problem } from '../components/problem';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp } from '../session';
import { BundleImportResult, PackVersionDiff, useVersionsT } from '../pack-versions/pack-versions-texts';
import { PackChangeList } from '../components/pack-change-list';
import { useApi } from '../use-api';
import { useMigrationT } from './migration/migration-texts';
import '../admin.css';
import '../stacked-table.css';
import '../pack-versions/pack-versions.css';

/** Administrators: the published versions of the pack, what changed since one, and bundles to move a version between installations. */
export default function AdminPackVersionsPage() {
  const t = useVersionsT();
  const adminT = useAdminT();
  const migrationT = useMigrationT();
  const { locale, timeZone } = useApp();
  const versions = useApi<PublishedVersion[]>('/api/sop/versions');
  const [compared, setCompared] = useState<number | null>(null);
  const current = versions.data?.[0];
  const diff = useApi<PackVersionDiff>(compared !== null && current ? `/api/sop/versions/${compared}/diff/${current.id}` : null);
  const [saved, setSaved] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);

  if (versions.error instanceof ApiError && versions.error.status === 403) {
    return (
      <section className="card">
        <h1>{t('versions.title')}</h1>
        <p className="admin-only">{adminT('admin.onlyAdministrators')}</p>
      </section>
    );
  }
  if (versions.error) return <Problem error={versions.error} />;
  if (!versions.data || !current) return <Loading />;

  const download = async (v: PublishedVersion) => {
    setSaved(null);
    setDownloadError(null);
    try {
      const bundle = await api<{ packId: string; version: number }>('GET', `/api/sop/versions/${v.id}/bundle`);
      const file = `${bundle.packId}-v${bundle.version}.sop-bundle.json`;
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/json' }));
      a.download = file;
      a.click();
      // Later: revoking at once can cancel the download before the browser has read the file.
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
      setSaved(file);
    } catch (e) {
      setDownloadError(e);
    }
  };

  return (
    <div className="admin-pack pack-versions">
      <p>
        <Link href="/admin">{t('versions.back')}</Link>
      </p>
      <h1>{t('versions.title')}</h1>
      <p>{t('versions.intro')}</p>

      <section className="card" aria-labelledby="versions-list-title">
        <h2 id="versions-list-title">{t('versions.listCaption')}</h2>
        <div className="table-scroll stacked-table">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('versions.version')}</th>
                <th scope="col">{t('versions.published')}</th>
                <th scope="col">{t('versions.by')}</th>
                <th scope="col">{t('versions.note')}</th>
                <th scope="col">{t('versions.hash')}</th>
                <th scope="col">{t('versions.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((v) => (
                <tr key={v.id}>
                  <th scope="row" data-label={t('versions.version')}>
                    {v.version}
                    {v.id === current.id && (
                      <>
                        {' '}
                        <span className="badge">{t('versions.current')}</span>
                      </>
                    )}
                  </th>
                  <td data-label={t('versions.published')}>{formatDateTime(v.publishedAt, locale, timeZone)}</td>
                  <td data-label={t('versions.by')}>
                    {/* The server publishes the pack it starts with as 'startup'. */}
                    <bdi>{!v.publishedBy || v.publishedBy === 'startup' ? adminT('admin.startup') : v.publishedBy}</bdi>
                  </td>
                  <td data-label={t('versions.note')}>
                    <bdi>{v.note ?? '—'}</bdi>
                  </td>
                  <td data-label={t('versions.hash')}>
                    <code title={v.contentHash}>{v.contentHash.slice(0, 12)}</code>
                  </td>
                  <td data-label={t('versions.actions')}>
                    <div className="version-actions">
                      {v.id !== current.id && (
                        <button type="button" aria-label={`${t('versions.compare')} — ${t('versions.version')} ${v.version}`} onClick={() => setCompared(v.id)}>
                          {t('versions.compare')}
                        </button>
                      )}
                      <button type="button" aria-label={`${t('versions.download')} — ${t('versions.version')} ${v.version}`} onClick={() => void download(v)}>
                        {t('versions.download')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {versions.data.length > 1 && (
          <p>
            <Link href={`/admin/migrations?to=${current.version}`}>{migrationT('migration.link', { version: current.version })}</Link>
          </p>
        )}
        <div aria-live="polite">{saved && <p role="status">{t('versions.downloaded', { file: saved })}</p>}</div>
        {downloadError ? <Problem error={downloadError} /> : null}
      </section>

      {compared !== null && (
        <section className="card" aria-labelledby="versions-diff-title">
          {diff.error ? (
            <Problem error={diff.error} />
          ) : !diff.data ? (
            <Loading />
          ) : (
            <>
              <h2 id="versions-diff-title">{t('versions.diffTitle', { from: diff.data.from.version, to: diff.data.to.version })}</h2>
              <PackChangeList diff={diff.data} empty={t('versions.noChanges')} />
            </>
          )}
        </section>
      )}

      <BundleImport onPublished={versions.reload} />
    </div>
  );
}

function BundleImport({ onPublished }: { onPublished(): void }) {
  const t = useVersionsT();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BundleImportResult | null>(null);
  const [refusal, setRefusal] = useState<{ message: string; error: unknown } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setResult(null);
    setRefusal(null);
    let bundle: unknown;
    try {
      bundle = JSON.parse(file.text);
    } catch (err) {
      setRefusal({ message: t('versions.importNotJson', { file: file.name, reason: (err as Error).message }), error: null });
      return;
    }
    setBusy(true);
    try {
      const r = await api<BundleImportResult>('POST', '/api/sop/bundles', bundle);
      setResult(r);
      if (r.created) onPublished();
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      const key = `versions.importRefused.${code}`;
      const text = t(key, { file: file.name });
      setRefusal({ message: text === key ? t('versions.importRefused.other', { file: file.name }) : text, error: err });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="versions-import-title">
      <h2 id="versions-import-title">{t('versions.importTitle')}</h2>
      <p>{t('versions.importIntro')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="bundle-file">{t('versions.importFile')}</label>
        <input
          id="bundle-file"
          type="file"
          accept=".json,application/json"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            setResult(null);
            setRefusal(null);
            setFile(f ? { name: f.name, text: await f.text() } : null);
          }}
        />
        <button type="submit" disabled={!file || busy}>
          {busy ? t('versions.importing') : t('versions.importButton')}
        </button>
      </form>
      <div aria-live="polite">
        {result && (
          <p role="status">
            {t(result.created ? 'versions.imported' : 'versions.importUnchanged', { version: result.version, hash: result.contentHash.slice(0, 12) })}
          </p>
        )}
      </div>
      {refusal && (
        <div role="alert" className="problem">
          <p>{refusal.message}</p>
          {refusal.error instanceof ApiError && <p lang="en">{refusal.error.message}</p>}
        </div>
      )}
    </section>
  );
}
