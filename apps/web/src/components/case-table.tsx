import type { CaseListRow } from '../api-types';
import type { CaseVocabulary } from '../case-vocabulary';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';

/** A row of the case list (GET /api/cases `items`), as the API declares it. */
export type CaseRow = CaseListRow;

interface Props {
  rows: CaseRow[];
  vocabulary: CaseVocabulary | null;
  caption: string;
  busy: boolean;
  /** Listed by registration date: that date is shown instead of the last activity. */
  byRegistration?: boolean;
  /** Cases chosen for a bulk action (id → case number); absent: no selection column. */
  selected?: Map<string, string>;
  onSelect?(rows: CaseRow[], on: boolean): void;
}

/**
 * Cases as a table: every value by its label (step, status, type, place, risk, worker), the child's
 * name only where the API gave it. From 56rem it is a table; narrower, each case is a block (case
 * number and name, then each value on its own line after its label, from `data-label`): the header
 * row is then only visually hidden, the explicit roles keep the table's semantics for screen readers
 * (which read each value with its column header, not the visual label), and nothing scrolls sideways.
 */
export function CaseTable({ rows, vocabulary, caption, busy, byRegistration = false, selected, onSelect }: Props) {
  const t = useT();
  const { me, locale, timeZone } = useApp();
  const label = (kind: Parameters<CaseVocabulary['label']>[0], value: string | null) => (vocabulary ? vocabulary.label(kind, value) : (value ?? ''));
  const allOn = !!selected && rows.length > 0 && rows.every((r) => selected.has(r.id));
  const heads = {
    step: t('caseList.step'),
    status: t('caseList.status'),
    risk: t('case.risk'),
    worker: t('caseList.worker'),
    location: t('caseList.location'),
    caseType: t('caseList.caseType'),
    date: t(byRegistration ? 'caseList.registered' : 'caseList.updated'),
  };
  return (
    <div className="table-wrap case-table" role="region" aria-labelledby="case-table-caption" tabIndex={0} aria-busy={busy}>
      <table role="table">
        <caption id="case-table-caption">{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {selected && (
              <th scope="col" role="columnheader" className="select">
                <label>
                  <input type="checkbox" checked={allOn} disabled={rows.length === 0} onChange={(e) => onSelect?.(rows, e.target.checked)} />
                  <span className="select-all">{t('caseList.selectAll')}</span>
                </label>
              </th>
            )}
            <th scope="col" role="columnheader">
              {t('caseList.case')}
            </th>
            {Object.values(heads).map((h) => (
              <th scope="col" role="columnheader" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((c) => (
            <tr key={c.id} role="row">
              {selected && (
                <td role="cell" className="select">
                  <input
                    type="checkbox"
                    aria-label={t('caseList.select', { number: c.caseNumber })}
                    checked={selected.has(c.id)}
                    onChange={(e) => onSelect?.([c], e.target.checked)}
                  />
                </td>
              )}
              <th scope="row" role="rowheader">
                <Link href={`/cases/${c.id}`}>
                  <bdi>{c.caseNumber}</bdi>
                </Link>
                {c.displayName && (
                  <>
                    <br />
                    <bdi>{c.displayName}</bdi>
                  </>
                )}
              </th>
              <td role="cell" data-label={heads.step}>
                {c.stepLabel}
              </td>
              <td role="cell" data-label={heads.status}>
                {t(`status.${c.status}`)}
              </td>
              <td role="cell" data-label={heads.risk}>
                {c.risk && <span className={`badge risk-${c.risk}`}>{label('risks', c.risk)}</span>}
              </td>
              <td role="cell" data-label={heads.worker}>
                {c.assignedTo === me?.id ? t('caseList.you') : <bdi>{c.assignedToName ?? ''}</bdi>}
              </td>
              <td role="cell" data-label={heads.location}>
                {label('locations', c.locationCode)}
              </td>
              <td role="cell" data-label={heads.caseType}>
                {label('caseTypes', c.caseType)}
              </td>
              <td role="cell" data-label={heads.date}>
                <time dateTime={byRegistration ? c.registeredAt : c.updatedAt}>
                  {formatDateTime(byRegistration ? c.registeredAt : c.updatedAt, locale, timeZone)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
