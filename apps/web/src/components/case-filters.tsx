import { FormEvent, useEffect, useState } from 'react';
import { activeFilters, CaseListQuery, PAGE_SIZES, SORTS } from '../case-list-query';
import type { CaseVocabulary, Choice } from '../case-vocabulary';
import { useApp, useT } from '../session';

export interface Worker {
  id: string;
  name: string;
}

interface Props {
  query: CaseListQuery;
  vocabulary: CaseVocabulary | null;
  /** The team's workers (a supervisor's), to filter by; empty for others. */
  workers: Worker[];
  /** Applies a change of filters (the list goes back to its first page). */
  onChange(patch: CaseListQuery): void;
}

/**
 * The case list's filters, each a labelled control applied as soon as it changes (the search text
 * when submitted). Open on a wide screen; folded on a phone, saying how many filters are on.
 */
export function CaseFilters({ query, vocabulary, workers, onChange }: Props) {
  const t = useT();
  const { me } = useApp();
  const [open] = useState(() => window.matchMedia?.('(min-width: 56rem)').matches ?? true);
  const [text, setText] = useState(query.q ?? '');
  // Back and forward change the query under the form: the search box follows.
  useEffect(() => setText(query.q ?? ''), [query.q]);
  const search = (e: FormEvent) => {
    e.preventDefault();
    onChange({ q: text.trim() || undefined });
  };
  const whose = query.mine ? 'mine' : query.team ? 'team' : '';
  const n = activeFilters(query);
  const yesNo = (yes: string, no: string): Choice[] => [
    { value: 'true', label: yes },
    { value: 'false', label: no },
  ];

  return (
    <details className="card case-filters" open={open}>
      <summary>
        {t('caseList.filters')} {n > 0 && <span className="count">{t('caseList.filtersOn', { n })}</span>}
      </summary>
      <form role="search" onSubmit={search} className="inline">
        <label htmlFor="case-q" className="visually-hidden">
          {t('home.searchLabel')}
        </label>
        <input id="case-q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('home.searchLabel')} />
        <button type="submit">{t('home.searchButton')}</button>
      </form>
      <div className="filter-grid">
        <Select
          id="f-whose"
          label={t('caseList.whose')}
          value={whose}
          any={t('caseList.whoseAll')}
          onChange={(v) => onChange({ mine: v === 'mine' ? 'true' : undefined, team: v === 'team' ? 'true' : undefined })}
          choices={[{ value: 'mine', label: t('caseList.whoseMine') }, ...(me?.teamId ? [{ value: 'team', label: t('caseList.whoseTeam') }] : [])]}
        />
        {workers.length > 0 && (
          <Select
            id="f-worker"
            label={t('caseList.worker')}
            value={query.assignedTo}
            any={t('caseList.anyWorker')}
            onChange={(v) => onChange({ assignedTo: v })}
            choices={workers.map((w) => ({ value: w.id, label: w.name }))}
          />
        )}
        <Select
          id="f-status"
          label={t('caseList.status')}
          value={query.status}
          any={t('caseList.any')}
          onChange={(v) => onChange({ status: v })}
          choices={['open', 'paused', 'closed'].map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <Select
          id="f-step"
          label={t('caseList.step')}
          value={query.step}
          any={t('caseList.any')}
          onChange={(v) => onChange({ step: v })}
          choices={vocabulary?.steps ?? []}
        />
        <Select
          id="f-type"
          label={t('caseList.caseType')}
          value={query.caseType}
          any={t('caseList.any')}
          onChange={(v) => onChange({ caseType: v })}
          choices={vocabulary?.caseTypes ?? []}
        />
        <Select
          id="f-risk"
          label={t('case.risk')}
          value={query.risk}
          any={t('caseList.any')}
          onChange={(v) => onChange({ risk: v })}
          choices={vocabulary?.risks ?? []}
        />
        {/* Each place indented under the one it belongs to. */}
        <Select
          id="f-location"
          label={t('caseList.location')}
          value={query.location}
          any={t('caseList.anywhere')}
          onChange={(v) => onChange({ location: v })}
          choices={(vocabulary?.locations ?? []).map((l) => ({ value: l.value, label: `${'\u00a0\u00a0'.repeat(l.depth)}${l.label}` }))}
        />
        <Select
          id="f-overdue"
          label={t('caseList.overdue')}
          value={query.overdue}
          any={t('caseList.any')}
          onChange={(v) => onChange({ overdue: v })}
          choices={yesNo(t('caseList.overdueOnly'), t('caseList.notOverdue'))}
        />
        <Select
          id="f-flagged"
          label={t('caseList.flagged')}
          value={query.flagged}
          any={t('caseList.any')}
          onChange={(v) => onChange({ flagged: v })}
          choices={yesNo(t('caseList.flaggedOnly'), t('caseList.notFlagged'))}
        />
      </div>
    </details>
  );
}

/** Order and page size: how the list is shown, not which cases are in it. */
export function CaseListDisplay({ query, onChange }: { query: CaseListQuery; onChange(patch: CaseListQuery): void }) {
  const t = useT();
  return (
    <div className="filter-grid list-display">
      <Select
        id="f-sort"
        label={t('caseList.sort')}
        value={query.sort ?? 'updated'}
        onChange={(v) => onChange({ sort: v === 'updated' ? undefined : v })}
        choices={SORTS.map((s) => ({ value: s, label: t(`caseList.sort.${s}`) }))}
      />
      <Select
        id="f-size"
        label={t('caseList.pageSize')}
        value={query.pageSize ?? '25'}
        onChange={(v) => onChange({ pageSize: v === '25' ? undefined : v })}
        choices={PAGE_SIZES.map((s) => ({ value: s, label: s }))}
      />
    </div>
  );
}

function Select(props: { id: string; label: string; value?: string; any?: string; choices: Choice[]; onChange(value: string | undefined): void }) {
  const { choices } = props;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)}>
        {props.any !== undefined && <option value="">{props.any}</option>}
        {/* A value from the address the pack does not know (an old link) still shows as chosen. */}
        {props.value && !choices.some((c) => c.value === props.value) && <option value={props.value}>{props.value}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
