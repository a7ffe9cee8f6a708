import { ReactNode, useId } from 'react';
// The phone layout of its tables (each row a block of labelled values) is the case list's.
import '../case-work.css';
import { Link } from '../router';
import { useApp, useT } from '../session';
import type { ShownField } from './screen-types';
import { formatValue, listItems, screenHref, screenParams, valueAt, type ScreenContext } from './screen-values';

/** One value of a screen as text, or as a link to its case. */
export function FieldValue({ field, ctx }: { field: ShownField; ctx: ScreenContext }) {
  const t = useT();
  const { locale, timeZone } = useApp();
  const value = valueAt(ctx, field.value);
  const formatting = { locale, timeZone, yes: t('common.yes'), no: t('common.no') };
  // Several items (each a sentence, e.g. the reasons for a score) read best one per line.
  if (field.format === 'list' && Array.isArray(value) && value.length > 1 && !field.caseLink) {
    return (
      <ul className="screen-list">
        {listItems(field, value, formatting).map((item, i) => (
          <li key={i}>
            <bdi>{item}</bdi>
          </li>
        ))}
      </ul>
    );
  }
  const text = formatValue(field, value, formatting);
  const caseId = field.caseLink ? valueAt(ctx, field.caseLink) : undefined;
  if (typeof caseId === 'string' && text) {
    return (
      <Link href={`/cases/${encodeURIComponent(caseId)}`}>
        <bdi>{text}</bdi>
      </Link>
    );
  }
  return <bdi>{text}</bdi>;
}

/**
 * Rows of a plugin screen as a table: the first column heads each row (and opens the row's screen
 * when the list declares one); narrower than 56rem each row is a block of labelled values, like the
 * case list (case-work.css `.case-table`).
 */
export function ScreenTable({
  caption,
  columns,
  rows,
  params,
  open,
  pluginId,
  busy,
  rowActions,
}: {
  caption: string;
  columns: ShownField[];
  rows: unknown[];
  params: Record<string, string>;
  open?: { screen: string; params: Record<string, string> };
  pluginId: string;
  busy?: boolean;
  rowActions?: (ctx: ScreenContext) => ReactNode;
}) {
  const t = useT();
  const captionId = useId();
  const [head, ...rest] = columns;
  const opened = (ctx: ScreenContext) => {
    if (!open) return null;
    const p = screenParams(open.params, ctx);
    return p ? screenHref(pluginId, open.screen, p) : null;
  };
  return (
    <div className="table-wrap case-table" role="region" aria-labelledby={captionId} tabIndex={0} aria-busy={busy}>
      <table role="table">
        {/* Every caller shows the same words as a heading just above: the caption names the table for screen readers only. */}
        <caption id={captionId} className="visually-hidden">
          {caption}
        </caption>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((c) => (
              <th scope="col" role="columnheader" key={c.value}>
                {c.label}
              </th>
            ))}
            {rowActions && (
              <th scope="col" role="columnheader">
                {t('plugins.actions')}
              </th>
            )}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((row, i) => {
            const ctx = { params, row };
            const href = opened(ctx);
            return (
              <tr role="row" key={String(valueAt(row, 'id') ?? valueAt(row, 'key') ?? i)}>
                <th scope="row" role="rowheader">
                  {href ? (
                    <Link href={href}>
                      <FieldValue field={{ ...head, caseLink: undefined }} ctx={ctx} />
                    </Link>
                  ) : (
                    <FieldValue field={head} ctx={ctx} />
                  )}
                </th>
                {rest.map((c) => (
                  <td role="cell" data-label={c.label} key={c.value}>
                    <FieldValue field={c} ctx={ctx} />
                  </td>
                ))}
                {rowActions && (
                  <td role="cell" data-label={t('plugins.actions')}>
                    {rowActions(ctx)}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
