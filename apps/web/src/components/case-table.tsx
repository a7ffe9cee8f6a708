import type { CaseVocabulary } from '../case-vocabulary';
import { formatDateTime } from '../i18n';
import { Link } from '../router';
import { useApp, useT } from '../session';

export interface CaseRow {
  id: string;
  caseNumber: string;
  caseType: string;
  step: string;
  stepLabel: string;
  status: string;
  risk: string | null;
  displayName: string | null;
  assignedTo: string | null;
  assignedToName?: string | null;
  locationCode: string;
  updatedAt: string;
  registeredAt: string;
}

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
 * name only where the API gave it. It scrolls sideways in its own region on a narrow screen, and the
 * region can be reached and scrolled with the keyboard.
 */
export function CaseTable({ rows, vocabulary, caption, busy, byRegistration = false, selected, onSelect }: Props) {
  const t = useT();
  const { me, locale, timeZone } = useApp();
  const label = (kind: Parameters<CaseVocabulary['label']>[0], value: string | null) => (vocabulary ? vocabulary.label(kind, value) : (value ?? ''));
  const allOn = !!selected && rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <div className="table-wrap case-table" role="region" aria-labelledby="case-table-caption" tabIndex={0} aria-busy={busy}>
      <table>
        <caption id="case-table-caption">{caption}</caption>
        <thead>
          <tr>
            {selected && (
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label={t('caseList.selectAll')}
                  checked={allOn}
                  disabled={rows.length === 0}
                  onChange={(e) => onSelect?.(rows, e.target.checked)}
                />
              </th>
            )}
            <th scope="col">{t('caseList.case')}</th>
            <th scope="col">{t('caseList.step')}</th>
            <th scope="col">{t('caseList.status')}</th>
            <th scope="col">{t('case.risk')}</th>
            <th scope="col">{t('caseList.worker')}</th>
            <th scope="col">{t('caseList.location')}</th>
            <th scope="col">{t('caseList.caseType')}</th>
            <th scope="col">{t(byRegistration ? 'caseList.registered' : 'caseList.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.id}>
              {selected && (
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('caseList.select', { number: c.caseNumber })}
                    checked={selected.has(c.id)}
                    onChange={(e) => onSelect?.([c], e.target.checked)}
                  />
                </td>
              )}
              <th scope="row">
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
              <td>{c.stepLabel}</td>
              <td>{t(`status.${c.status}`)}</td>
              <td>{c.risk && <span className={`badge risk-${c.risk}`}>{label('risks', c.risk)}</span>}</td>
              <td>{c.assignedTo === me?.id ? t('caseList.you') : <bdi>{c.assignedToName ?? ''}</bdi>}</td>
              <td>{label('locations', c.locationCode)}</td>
              <td>{label('caseTypes', c.caseType)}</td>
              <td>
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
