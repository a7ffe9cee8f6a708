import type { AdminT } from '../../admin-texts';
import { transitionsFrom, WorkflowGraph } from './workflow-graph-model';

/** The graph in words, for screen readers and for anyone who prefers a list: each step, its deadlines, where its transitions go. */
export function WorkflowGraphWords({ graph, uid, t }: { graph: WorkflowGraph; uid: string; t: AdminT }) {
  const labelOf = new Map(graph.nodes.map((n) => [n.id, n.label]));
  return (
    <>
      <h3 id={`${uid}-words`}>{t('admin.diagramInWords')}</h3>
      <ul className="wg-words" aria-labelledby={`${uid}-words`}>
        {graph.nodes
          .filter((n) => n.kind === 'normal' || n.kind === 'paused' || n.kind === 'terminal')
          .map((n) => {
            const out = transitionsFrom(graph, n);
            return (
              <li key={n.id}>
                <strong>{n.label}</strong>{' '}
                <span className="meta">
                  ({t(`admin.kind.${n.kind}`)}
                  {n.start ? ` · ${t('admin.startStep')}` : ''})
                </span>
                {n.deadlines.length > 0 && (
                  <div className="meta">{t('admin.graph.deadlines', { list: n.deadlines.map((d) => `${d.label} (${d.due.join(' / ')})`).join('; ') })}</div>
                )}
                {out.length === 0 ? (
                  <span className="meta"> · {t('admin.noTransitionLeaves')}</span>
                ) : (
                  <ul>
                    {out.map((e) => (
                      <li key={e.id}>
                        {e.label} → {labelOf.get(e.target) ?? e.target}
                        {e.guards.length > 0 && <span className="meta"> — {t('admin.graph.onlyWhen', { guards: e.guards.join('; ') })}</span>}
                        {e.approval && <span className="meta"> — {t('admin.graph.approval')}</span>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
      </ul>
    </>
  );
}

/** What the shapes mean, in words (the drawing tells kinds apart by shape and words, not colour alone). */
export function WorkflowGraphLegend({ rtl, t }: { rtl: boolean; t: AdminT }) {
  const items: Array<[string, string]> = [
    ['wg-sw-start', `${rtl ? '◀' : '▶'} ${t('admin.legend.start')}`],
    ['wg-sw-normal', t('admin.kind.normal')],
    ['wg-sw-paused', t('admin.kind.paused')],
    ['wg-sw-terminal', `■ ${t('admin.kind.terminal')}`],
    ['wg-sw-pseudo', t('admin.graph.legend.pseudo')],
    ['wg-sw-junction', t('admin.graph.legend.junction')],
    ['wg-sw-guard', t('admin.graph.legend.guard')],
    ['wg-sw-deadline', t('admin.graph.legend.deadline')],
  ];
  return (
    <ul className="wg-legend" aria-label={t('admin.legend')}>
      {items.map(([cls, text]) => (
        <li key={cls}>
          <span className={`wg-swatch ${cls}`} aria-hidden="true" /> {text}
        </li>
      ))}
    </ul>
  );
}
