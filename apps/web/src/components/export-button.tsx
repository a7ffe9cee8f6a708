import { useEffect, useRef, useState } from 'react';
import { downloadExport, DownloadError, DownloadProgress, DownloadResult } from '../download';
import { useApp, useT } from '../session';
import { formatNumber } from './charts';

const sizeText = (bytes: number, locale: string) =>
  bytes < 1024 * 1024 ? `${formatNumber(Math.max(1, Math.round(bytes / 1024)), locale)} KB` : `${formatNumber(bytes / (1024 * 1024), locale, 1)} MB`;

type ExportState =
  | { status: 'idle' }
  | { status: 'running'; progress: DownloadProgress | null }
  | { status: 'done'; result: DownloadResult; progress: DownloadProgress | null }
  | { status: 'error'; error: unknown };

/**
 * One export: the file is fetched with the token and saved when complete. While it arrives a
 * progress bar moves; the live region speaks only at the start and the end (not at every chunk).
 */
export function ExportButton({
  path,
  format,
  label,
  name,
  describedBy,
}: {
  path: string;
  format: 'csv' | 'xlsx';
  label: string;
  name: string;
  describedBy?: string;
}) {
  const t = useT();
  const { locale } = useApp();
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const start = async () => {
    if (state.status === 'running') return;
    const ctl = new AbortController();
    abort.current = ctl;
    setState({ status: 'running', progress: null });
    let progress: DownloadProgress | null = null;
    try {
      const result = await downloadExport(path, {
        format,
        locale,
        fallbackName: name,
        signal: ctl.signal,
        onProgress: (p) => {
          progress = p;
          setState({ status: 'running', progress: p });
        },
      });
      setState({ status: 'done', result, progress });
    } catch (error) {
      setState((error as Error).name === 'AbortError' ? { status: 'idle' } : { status: 'error', error });
    }
  };

  const p = state.status === 'running' || state.status === 'done' ? state.progress : null;
  const f = (n: number) => formatNumber(n, locale);
  const progressText = !p
    ? t('export.starting')
    : p.unit === 'rows'
      ? p.total !== null
        ? t('export.rowsOf', { done: f(p.done), total: f(p.total) })
        : t('export.rows', { done: f(p.done) })
      : p.total
        ? t('export.bytesOf', { done: sizeText(p.done, locale), total: sizeText(p.total, locale) })
        : t('export.bytes', { done: sizeText(p.done, locale) });
  const max = p ? (p.total ?? (state.status === 'done' ? Math.max(1, p.done) : undefined)) : undefined;
  const value = p && max !== undefined ? Math.min(p.done, max) : undefined;
  const err = state.status === 'error' ? state.error : null;
  const errText =
    err instanceof DownloadError ? (err.code === 'offline' ? t('error.offlineNotLoaded') : err.message || t('export.failed')) : err ? t('export.failed') : '';

  return (
    <div className="export">
      {/* aria-disabled, not disabled: a disabled button would drop the keyboard focus. */}
      <button type="button" onClick={start} aria-disabled={state.status === 'running'} aria-describedby={describedBy}>
        {label}
      </button>
      {(state.status === 'running' || state.status === 'done') && (
        <div className="export-progress">
          <progress max={max} value={value} aria-label={t('export.progressOf', { what: label })} />
          <span className="export-count">{progressText}</span>
          {state.status === 'running' && (
            <button type="button" className="link" onClick={() => abort.current?.abort()}>
              {t('export.cancel')}
            </button>
          )}
        </div>
      )}
      <p className="export-status" role="status">
        {state.status === 'running'
          ? t('export.downloading', { what: label })
          : state.status === 'done'
            ? t('export.saved', { file: state.result.fileName })
            : ''}
      </p>
      {errText && (
        <p role="alert" className="problem">
          {errText}
        </p>
      )}
    </div>
  );
}
