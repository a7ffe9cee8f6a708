import type { AdminT } from '../../admin-texts';
import { EDGE_LINE, GraphLayout, GUARD_MARK, isTagged, NODE_LINE, PlacedEdge, PlacedNode } from './workflow-graph-layout';
import type { WorkflowGraph } from './workflow-graph-model';

/**
 * The laid-out graph as an SVG image: a title and a description name it for screen readers (who get
 * the same content as a list after it); hovering a step or a label shows its details.
 */
export function WorkflowGraphSvg({
  graph,
  layout,
  zoom,
  uid,
  rtl,
  locale,
  t,
}: {
  graph: WorkflowGraph;
  layout: GraphLayout;
  zoom: number;
  uid: string;
  rtl: boolean;
  locale: string;
  t: AdminT;
}) {
  const labelOf = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const steps = graph.nodes.filter((n) => !n.id.startsWith('@')).length;
  return (
    <svg
      role="img"
      aria-labelledby={`${uid}-title ${uid}-desc`}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={Math.round(layout.width * zoom)}
      height={Math.round(layout.height * zoom)}
      className="wg-svg"
      data-flow={layout.direction}
      lang={locale}
      direction={rtl ? 'rtl' : 'ltr'}
    >
      <title id={`${uid}-title`}>{t('admin.graph.title', { caseType: graph.caseTypeLabel })}</title>
      <desc id={`${uid}-desc`}>{t('admin.graph.desc', { steps, transitions: graph.edges.length })}</desc>
      <defs>
        <marker id={`${uid}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="wg-arrowhead" />
        </marker>
      </defs>
      {layout.edges.map((e) => (
        <Edge key={e.edge.id} placed={e} arrow={`url(#${uid}-arrow)`} labelOf={labelOf} rtl={rtl} t={t} />
      ))}
      {layout.nodes.map((n) => (
        <Node key={n.node.id} placed={n} rtl={rtl} t={t} />
      ))}
    </svg>
  );
}

function Edge({ placed, arrow, labelOf, rtl, t }: { placed: PlacedEdge; arrow: string; labelOf: Map<string, string>; rtl: boolean; t: AdminT }) {
  const { edge, paths, label } = placed;
  const guarded = edge.guards.length > 0;
  const details = [
    t('admin.graph.fromTo', {
      transition: edge.label,
      sources: edge.sources.map((s) => labelOf.get(s) ?? s).join(', '),
      target: labelOf.get(edge.target) ?? edge.target,
    }),
    guarded ? t('admin.graph.onlyWhen', { guards: edge.guards.join('; ') }) : '',
    edge.approval ? t('admin.graph.approval') : '',
  ].filter(Boolean);
  // The guard's diamond comes first in reading order: at the left, or at the right in Arabic.
  const mark = guarded ? GUARD_MARK : 0;
  const textX = label.x + label.width / 2 + (rtl ? -mark / 2 : mark / 2);
  const diamondX = rtl ? label.x + label.width - 4 - GUARD_MARK / 2 : label.x + 4 + GUARD_MARK / 2;
  const top = label.y + label.height / 2 - ((label.lines.length - 1) * EDGE_LINE) / 2;
  return (
    <g className={`wg-edge${guarded ? ' wg-guarded' : ''}${label.junction ? ' wg-junction' : ''}`}>
      <title>{details.join(' · ')}</title>
      {paths.map((d, i) => (
        <path key={i} d={d} className="wg-line" markerEnd={i === paths.length - 1 ? arrow : undefined} />
      ))}
      <rect x={label.x} y={label.y} width={label.width} height={label.height} rx={label.junction ? 9 : 3} className="wg-label-box" />
      {guarded && <path d={`M${diamondX},${top - 5} l5,5 l-5,5 l-5,-5 z`} className="wg-diamond" />}
      {label.lines.map((line, i) => (
        <text key={i} x={textX} y={top + i * EDGE_LINE + 4} textAnchor="middle" className="wg-label-text">
          {line}
        </text>
      ))}
    </g>
  );
}

function Node({ placed, rtl, t }: { placed: PlacedNode; rtl: boolean; t: AdminT }) {
  const { node, x, y, width, height, lines } = placed;
  const tagged = isTagged(node);
  const cx = x + width / 2;
  const kind = node.kind === 'any' || node.kind === 'previous' ? 'pseudo' : node.kind;
  const badge = node.deadlines.length > 0;
  const linesTop = y + 9 + (tagged ? 14 : 0);
  const badgeY = y + height - 9 - 14;
  const details = [
    node.label,
    node.kind === 'normal' || node.kind === 'paused' || node.kind === 'terminal' ? t(`admin.kind.${node.kind}`) : '',
    node.start ? t('admin.startStep') : '',
    badge ? t('admin.graph.deadlines', { list: node.deadlines.map((d) => `${d.label} (${d.due.join(' / ')})`).join('; ') }) : '',
  ].filter(Boolean);
  return (
    <g className={`wg-node wg-${kind}${node.start ? ' wg-start' : ''}`}>
      <title>{details.join(' · ')}</title>
      <rect x={x} y={y} width={width} height={height} rx={kind === 'pseudo' ? height / 2 : 8} className="wg-box" />
      {node.kind === 'terminal' && <rect x={x + 3} y={y + 3} width={width - 6} height={height - 6} rx={6} className="wg-inner" />}
      {tagged && (
        <text x={cx} y={y + 9 + 10} textAnchor="middle" className="wg-tag">
          {node.start ? `${rtl ? '◀' : '▶'} ${t('admin.graph.start')}` : `■ ${t('admin.graph.end')}`}
        </text>
      )}
      {lines.map((line, i) => (
        <text key={i} x={cx} y={linesTop + i * NODE_LINE + 13} textAnchor="middle" className="wg-name">
          {line}
        </text>
      ))}
      {badge && (
        <g className="wg-badge">
          <rect x={cx - 22} y={badgeY} width={44} height={16} rx={8} />
          <circle cx={cx - 11} cy={badgeY + 8} r={5} className="wg-clock" />
          <path d={`M${cx - 11},${badgeY + 5} V${badgeY + 8} H${cx - 8.5}`} className="wg-clock" />
          <text x={cx + 6} y={badgeY + 12} textAnchor="middle">
            {node.deadlines.length}
          </text>
        </g>
      )}
    </g>
  );
}
