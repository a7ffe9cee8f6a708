import { FormEvent, useState } from 'react';
import { LOCALES } from '../../i18n';
import { pick } from '../../sop';
import { DraftView, findingsAt, Label, packLocales, PatchOperation } from './draft-model';
import { FindingList } from './finding-list';
import type { StudioT } from './studio-texts';
import {
  dashboardPointer,
  dashboardShows,
  indicatorChoices,
  indicatorLabelOp,
  indicatorPointer,
  showOnDashboardOps,
  smallCellThresholdOp,
} from './templates-model';
import { useTemplatesT } from './templates-texts';
import './studio-templates.css';

type Send = (ops: PatchOperation[]) => Promise<boolean>;

/** reporting.json by its labels: the small-cell threshold, each indicator's label in every language, which indicators each dashboard shows. */
export function ReportingEditor(props: { draft: DraftView; locale: string; send: Send; busy: boolean }) {
  const t = useTemplatesT();
  const files = props.draft.files as Record<string, any>;
  const reporting = files['reporting.json'];
  const indicators: any[] = reporting?.indicators ?? [];
  const dashboards: any[] = reporting?.dashboards ?? [];
  return (
    <>
      <h2 id="studio-reporting-title">{t('reporting.heading')}</h2>
      <p>{t('reporting.intro')}</p>
      {reporting && <Threshold key={String(reporting.smallCellThreshold)} {...props} t={t} value={reporting.smallCellThreshold ?? 5} />}

      <h3>{t('reporting.indicators')}</h3>
      <ul className="studio-indicators">
        {indicators.map((indicator, i) => {
          const label = pick(indicator.label, props.locale) || indicator.id;
          const findings = findingsAt(props.draft.findings, indicatorPointer(i));
          return (
            <li key={`${i}-${indicator.id}`} className={findings.length ? 'has-findings' : undefined}>
              <bdi>{label}</bdi>
              <details>
                <summary>{t('reporting.changeLabels', { indicator: label })}</summary>
                <IndicatorLabels key={JSON.stringify(indicator.label)} index={i} name={label} label={indicator.label ?? {}} {...props} t={t} />
              </details>
              <FindingList findings={findings} t={t} />
            </li>
          );
        })}
      </ul>

      <h3>{t('reporting.dashboards')}</h3>
      {dashboards.map((d, i) => (
        <DashboardChoices key={`${i}-${d.id}`} index={i} dashboard={d} {...props} t={t} />
      ))}
    </>
  );
}

function Threshold(props: { draft: DraftView; value: number; t: StudioT; send: Send; busy: boolean }) {
  const { t } = props;
  const [n, setN] = useState(props.value);
  const findings = findingsAt(props.draft.findings, '/reporting.json/smallCellThreshold');
  const save = (e: FormEvent) => {
    e.preventDefault();
    void props.send(smallCellThresholdOp(props.draft.files, n));
  };
  return (
    <form className={`studio-threshold${findings.length ? ' has-findings' : ''}`} onSubmit={save} noValidate>
      <p className="studio-grid">
        <label htmlFor="studio-small-cell">{t('reporting.threshold')}</label>
        <input
          id="studio-small-cell"
          type="number"
          min={1}
          inputMode="numeric"
          value={n}
          aria-describedby="studio-small-cell-help"
          onChange={(e) => setN(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
        />
        <span id="studio-small-cell-help" className="meta">
          {t('reporting.thresholdHelp')}
        </span>
      </p>
      <button type="submit" disabled={props.busy || n === props.value}>
        {t('reporting.saveThreshold')}
      </button>
      <FindingList findings={findings} t={t} />
    </form>
  );
}

function IndicatorLabels(props: { draft: DraftView; index: number; name: string; label: Label; t: StudioT; send: Send; busy: boolean }) {
  const { t } = props;
  const locales = packLocales(props.draft.files);
  // What the user typed stays until saved, even when the save is refused.
  const [label, setLabel] = useState<Label>({ ...props.label });
  const [problem, setProblem] = useState<string | null>(null);
  const save = (e: FormEvent) => {
    e.preventDefault();
    const missing = locales.filter((l) => !label[l]?.trim());
    if (missing.length) return setProblem(t('reporting.labelMissing', { languages: missing.map((l) => LOCALES[l]?.name ?? l).join(', ') }));
    setProblem(null);
    void props.send(indicatorLabelOp(props.index, label));
  };
  return (
    <form onSubmit={save} noValidate>
      <fieldset className="studio-labels">
        <legend>{t('reporting.labelsOf', { indicator: props.name })}</legend>
        {locales.map((l) => (
          <label key={l} lang={l} dir={LOCALES[l]?.dir ?? 'ltr'}>
            {LOCALES[l]?.name ?? l}
            <input lang={l} dir={LOCALES[l]?.dir ?? 'ltr'} value={label[l] ?? ''} onChange={(e) => setLabel({ ...label, [l]: e.target.value })} />
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={props.busy || JSON.stringify(label) === JSON.stringify(props.label)}>
        {t('reporting.saveLabels')}
      </button>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </form>
  );
}

/** One checkbox per indicator: ticking it shows it as a number on the dashboard, unticking removes every chart of it there. */
function DashboardChoices(props: { draft: DraftView; index: number; dashboard: any; locale: string; t: StudioT; send: Send; busy: boolean }) {
  const { dashboard, index, t, locale } = props;
  const files = props.draft.files as Record<string, any>;
  const name = pick(dashboard.label, locale) || dashboard.id;
  const findings = findingsAt(props.draft.findings, dashboardPointer(index));
  const choices = indicatorChoices(files);
  const shown = choices.filter((c) => dashboardShows(dashboard, c.id)).length;
  return (
    <details className="studio-dashboard">
      <summary>{t('reporting.showsSummary', { dashboard: name, n: shown })}</summary>
      <fieldset className={`studio-dashboard-choices${findings.length ? ' has-findings' : ''}`}>
        <legend>{t('reporting.shows', { dashboard: name })}</legend>
        {choices.map((c) => {
          const label = pick(c.label, locale) || c.id;
          return (
            <label key={c.id} className="choice">
              <input
                type="checkbox"
                checked={dashboardShows(dashboard, c.id)}
                disabled={props.busy}
                onChange={(e) => void props.send(showOnDashboardOps(files, index, c.id, e.target.checked))}
              />
              <bdi>{c.deadline ? t('reporting.onTime', { deadline: label }) : label}</bdi>
            </label>
          );
        })}
      </fieldset>
      <FindingList findings={findings} t={t} />
    </details>
  );
}
