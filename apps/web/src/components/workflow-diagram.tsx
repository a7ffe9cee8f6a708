import { useId } from 'react';
import { LOCALES } from '../i18n';
import type { AdminT, Names, PackStep, PackTransition } from '../admin-texts';

/**
 * The workflow drawn in the browser: steps in layers top to bottom (breadth-first from the case types'
 * start steps; terminal and paused steps in the last row), a box per step, an arrow per transition.
 * Arrows between neighbouring rows go straight; the others (long jumps, loops back, "from any normal
 * step") run in a lane of their own at the side, one lane per transition, so that no line crosses a
 * box. The SVG is an image with a title and a description; the same content follows as a list.
 */

const BOX_W = 150;
const BOX_H = 44;
const H_GAP = 24;
const MARGIN = 12;
const LANE_GAP = 16;
/** Vertical spacing of the horizontal lane segments inside a channel (the space between two rows). */
const SEG = 5;
const LABEL_BAND = 22;
const LINE_H = 14;
const PREVIOUS = '@previous';

interface Box {
  id: string;
  step: PackStep;
  layer: number;
  x: number;
  y: number;
}
interface Layout {
  width: number;
  height: number;
  boxes: Map<string, Box>;
  straight: Array<{ tr: PackTransition; from: Box; to: Box }>;
  lanes: Array<{ tr: PackTransition; x: number; sources: Box[]; anySource: boolean; targets: Box[] }>;
  laneIndex: Map<string, number>;
  channel: number;
  laneCount: number;
}

export function layoutWorkflow(steps: PackStep[], transitions: PackTransition[], startSteps: string[]): Layout {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const normal = steps.filter((s) => s.kind === 'normal').map((s) => s.id);
  const sourcesOf = (tr: PackTransition) => (tr.from === '*' ? normal : tr.from.filter((s) => byId.has(s)));
  const drawn = transitions.filter((tr) => tr.to !== PREVIOUS && byId.has(tr.to));

  // Layers: breadth-first over transitions into normal steps; terminal, paused and unreached steps last.
  const depth = new Map<string, number>();
  const starts = [...new Set(startSteps)].filter((s) => byId.has(s));
  starts.forEach((s) => depth.set(s, 0));
  const queue = [...starts];
  while (queue.length) {
    const s = queue.shift()!;
    for (const tr of drawn) {
      if (!sourcesOf(tr).includes(s) || depth.has(tr.to) || byId.get(tr.to)!.kind !== 'normal') continue;
      depth.set(tr.to, depth.get(s)! + 1);
      queue.push(tr.to);
    }
  }
  const last = Math.max(-1, ...depth.values()) + 1;
  const layerOf = (id: string) => depth.get(id) ?? last;
  const layerCount = last + (steps.some((s) => !depth.has(s.id)) ? 1 : 0);

  // Long and backward jumps run in side lanes: one per transition (all its arrows share it).
  const laneTrs = drawn.filter((tr) => tr.from === '*' || sourcesOf(tr).some((s) => layerOf(tr.to) !== layerOf(s) + 1));
  const laneIndex = new Map(laneTrs.map((tr, i) => [tr.id, i]));
  const L = laneTrs.length;
  const channel = 20 + 2 * L * SEG + LABEL_BAND;
  const top = MARGIN + 8 + L * SEG;

  // Order within a row by the mean position of the steps leading to it (fewer crossings).
  const rows: string[][] = Array.from({ length: layerCount }, () => []);
  const packOrder = new Map(steps.map((s, i) => [s.id, i]));
  const xCentre = new Map<string, number>();
  const maxPerRow = Math.max(
    1,
    ...steps
      .reduce((acc, s) => {
        acc[layerOf(s.id)] = (acc[layerOf(s.id)] ?? 0) + 1;
        return acc;
      }, [] as number[])
      .filter(Boolean),
  );
  const inner = maxPerRow * (BOX_W + H_GAP) - H_GAP;
  for (let l = 0; l < layerCount; l++) {
    const members = steps.filter((s) => layerOf(s.id) === l).map((s) => s.id);
    const bary = (id: string) => {
      if (l === 0 && starts.includes(id)) return starts.indexOf(id) - 1e6;
      const xs = drawn
        .filter((tr) => tr.to === id)
        .flatMap(sourcesOf)
        .filter((s) => layerOf(s) < l)
        .map((s) => xCentre.get(s)!);
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.MAX_SAFE_INTEGER;
    };
    const key = new Map(members.map((id) => [id, bary(id)]));
    members.sort((a, b) => key.get(a)! - key.get(b)! || packOrder.get(a)! - packOrder.get(b)!);
    const rowWidth = members.length * (BOX_W + H_GAP) - H_GAP;
    members.forEach((id, i) => xCentre.set(id, MARGIN + (inner - rowWidth) / 2 + i * (BOX_W + H_GAP) + BOX_W / 2));
    rows[l] = members;
  }
  const boxes = new Map<string, Box>();
  rows.forEach((members, l) =>
    members.forEach((id) => {
      boxes.set(id, { id, step: byId.get(id)!, layer: l, x: xCentre.get(id)! - BOX_W / 2, y: top + l * (BOX_H + channel) });
    }),
  );

  const gutter = MARGIN + inner + 20;
  const straight: Layout['straight'] = [];
  const lanes: Layout['lanes'] = [];
  for (const tr of drawn) {
    const sources = sourcesOf(tr).map((s) => boxes.get(s)!);
    const target = boxes.get(tr.to)!;
    const i = laneIndex.get(tr.id);
    if (i === undefined) sources.forEach((from) => straight.push({ tr, from, to: target }));
    else lanes.push({ tr, x: gutter + i * LANE_GAP, sources: tr.from === '*' ? [] : sources, anySource: tr.from === '*', targets: [target] });
  }
  return {
    width: gutter + Math.max(0, L - 1) * LANE_GAP + (L ? 16 : 0) + MARGIN,
    height: top + layerCount * (BOX_H + channel) - channel + 12 + L * SEG + MARGIN,
    boxes,
    straight,
    lanes,
    laneIndex,
    channel,
    laneCount: L,
  };
}

/** Splits a label into at most `lines` lines of about `max` characters. */
function wrap(text: string, max: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(/\s+/)) {
    if (line && (line + ' ' + w).length > max) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  if (out.length > lines) {
    out.length = lines;
    out[lines - 1] = clip(out[lines - 1], max - 1) + '…';
  }
  return out.map((l) => clip(l, max));
}

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, Math.max(1, max - 1)) + '…' : s);

export function WorkflowDiagram({
  steps,
  transitions,
  startSteps,
  names,
  t,
  locale,
}: {
  steps: PackStep[];
  transitions: PackTransition[];
  startSteps: string[];
  names: Names;
  t: AdminT;
  locale: string;
}) {
  const uid = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const lay = layoutWorkflow(steps, transitions, startSteps);
  const arrow = `url(#${uid}-arrow)`;
  const label = (tr: PackTransition) => names.transition(tr.id);
  const bottom = (b: Box) => b.y + BOX_H;
  const L = lay.laneCount;
  const yOut = (b: Box, i: number) => bottom(b) + 10 + i * SEG;
  const yIn = (b: Box, i: number) => b.y - 8 - (L - 1 - i) * SEG;

  // Where lane arrows leave and enter a box: spread along its right half, in lane order.
  const slots = (ids: Array<[string, number]>) => {
    const m = new Map<string, number>();
    const per = new Map<string, number[]>();
    for (const [box, lane] of ids) per.set(box, [...(per.get(box) ?? []), lane]);
    for (const [box, lanes] of per) {
      const sorted = [...new Set(lanes)].sort((a, b) => a - b);
      const step = Math.min(8, (BOX_W * 0.4 - 8) / Math.max(1, sorted.length - 1));
      sorted.forEach((lane, k) => m.set(`${box}:${lane}`, BOX_W * 0.58 + k * step));
    }
    return m;
  };
  const laneOf = (tr: PackTransition) => lay.laneIndex.get(tr.id)!;
  const outSlot = slots(lay.lanes.flatMap((l) => l.sources.map((s) => [s.id, laneOf(l.tr)] as [string, number])));
  const inSlot = slots(lay.lanes.flatMap((l) => l.targets.map((b) => [b.id, laneOf(l.tr)] as [string, number])));

  const starts = new Set(startSteps);
  const anyStep = transitions.filter((tr) => tr.from === '*');
  const stepCount = steps.length;
  // Right-to-left languages read the diagram mirrored: shapes flip, texts stay readable where they are.
  const rtl = LOCALES[locale]?.dir === 'rtl';
  const flip = (x: number) => (rtl ? `translate(${2 * x} 0) scale(-1 1)` : '');
  const titleId = `${uid}-title`;
  const descId = `${uid}-desc`;

  return (
    <div className="workflow">
      <div className="diagram-scroll" role="region" aria-label={t('admin.diagram')} tabIndex={0}>
        <svg
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          viewBox={`0 0 ${lay.width} ${lay.height}`}
          width={lay.width}
          height={lay.height}
          style={{ maxWidth: `${lay.width}px` }}
          className="workflow-diagram"
          lang={locale}
        >
          <title id={titleId}>{t('admin.diagramTitle')}</title>
          <desc id={descId}>{t('admin.diagramDesc', { steps: stepCount, transitions: transitions.length })}</desc>
          <defs>
            <marker id={`${uid}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L10,5 L0,10 z" className="wf-arrowhead" />
            </marker>
          </defs>
          <g transform={rtl ? `translate(${lay.width} 0) scale(-1 1)` : undefined}>
            {lay.straight.map(({ tr, from, to }) => {
              const x1 = from.x + BOX_W / 2;
              const y1 = bottom(from);
              const x2 = to.x + BOX_W / 2;
              const y2 = to.y - 1;
              const ly = y1 + 10 + L * SEG + 10 + LABEL_BAND / 2;
              const lx = x1 + ((x2 - x1) * (ly - y1)) / (y2 - y1 || 1);
              return (
                <g key={`${tr.id}:${from.id}`} className="wf-edge">
                  <title>{`${label(tr)} (${tr.id}): ${names.step(from.id)} → ${names.step(to.id)}`}</title>
                  <line x1={x1} y1={y1} x2={x2} y2={y2} markerEnd={arrow} />
                  <text x={lx} y={ly + 4} transform={flip(lx) || undefined} textAnchor="middle" className="wf-edge-label">
                    {clip(label(tr), 30)}
                  </text>
                </g>
              );
            })}

            {lay.lanes.map((lane) => {
              const i = laneOf(lane.tr);
              const target = lane.targets[0];
              const tx = target.x + inSlot.get(`${target.id}:${i}`)!;
              const ys = [yIn(target, i), ...lane.sources.map((s) => yOut(s, i))];
              const y0 = lane.anySource ? MARGIN : Math.min(...ys);
              const y1 = Math.max(...ys);
              const mid = (y0 + y1) / 2;
              const chars = Math.max(4, Math.floor((y1 - y0) / 6));
              const text = lane.anySource ? `${label(lane.tr)} (${t('admin.anyNormalStep')})` : label(lane.tr);
              return (
                <g key={lane.tr.id} className={`wf-edge wf-lane${lane.anySource ? ' wf-any' : ''}`}>
                  <title>{`${label(lane.tr)} (${lane.tr.id}): ${lane.anySource ? t('admin.anyNormalStep') : lane.sources.map((s) => names.step(s.id)).join(', ')} → ${names.step(target.id)}`}</title>
                  {lane.sources.map((s) => {
                    const sx = s.x + outSlot.get(`${s.id}:${i}`)!;
                    return (
                      <g key={s.id}>
                        <path d={`M${sx},${bottom(s)} V${yOut(s, i)} H${lane.x}`} />
                        <circle cx={sx} cy={bottom(s)} r="2.5" className="wf-dot" />
                      </g>
                    );
                  })}
                  <path d={`M${lane.x},${y0} V${y1}`} />
                  <path d={`M${lane.x},${yIn(target, i)} H${tx} V${target.y - 1}`} markerEnd={arrow} />
                  <text x={lane.x} y={mid} transform={`${flip(lane.x)} rotate(90 ${lane.x} ${mid})`} dy="-3" textAnchor="middle" className="wf-edge-label">
                    {clip(text, chars)}
                  </text>
                </g>
              );
            })}

            {[...lay.boxes.values()].map((b) => {
              const lines = wrap(names.step(b.id), 19, 2);
              const cls = `wf-step wf-${b.step.kind}${starts.has(b.id) ? ' wf-start' : ''}`;
              return (
                <g key={b.id} className={cls}>
                  <title>{`${names.step(b.id)} (${b.id}): ${t(`admin.kind.${b.step.kind}`)}`}</title>
                  <rect x={b.x} y={b.y} width={BOX_W} height={BOX_H} rx="6" />
                  {b.step.kind === 'terminal' && <rect x={b.x + 3} y={b.y + 3} width={BOX_W - 6} height={BOX_H - 6} rx="4" className="wf-inner" />}
                  {lines.map((line, n) => (
                    <text
                      key={n}
                      x={b.x + BOX_W / 2}
                      transform={flip(b.x + BOX_W / 2) || undefined}
                      y={b.y + BOX_H / 2 + (n - (lines.length - 1) / 2) * LINE_H + 4}
                      textAnchor="middle"
                      className="wf-step-label"
                    >
                      {line}
                    </text>
                  ))}
                </g>
              );
            })}
          </g>
        </svg>
      </div>

      <ul className="wf-legend" aria-label={t('admin.legend')}>
        <li>
          <span className="swatch wf-normal wf-start" aria-hidden="true" /> {t('admin.legend.start')}
        </li>
        <li>
          <span className="swatch wf-normal" aria-hidden="true" /> {t('admin.kind.normal')}
        </li>
        <li>
          <span className="swatch wf-paused" aria-hidden="true" /> {t('admin.kind.paused')}
        </li>
        <li>
          <span className="swatch wf-terminal" aria-hidden="true" /> {t('admin.kind.terminal')}
        </li>
        <li>
          <span className="swatch-line" aria-hidden="true" /> {t('admin.legend.lane')}
        </li>
        {transitions.some((tr) => tr.to === PREVIOUS) && <li>{t('admin.legend.previous')}</li>}
      </ul>

      <h3 id={`${uid}-words`}>{t('admin.diagramInWords')}</h3>
      <ul className="wf-words" aria-labelledby={`${uid}-words`}>
        {[...lay.boxes.values()]
          .sort((a, b) => a.layer - b.layer || a.x - b.x)
          .map((b) => {
            const out = [...transitions.filter((tr) => tr.from !== '*' && tr.from.includes(b.id)), ...(b.step.kind === 'normal' ? anyStep : [])];
            const startOf = startSteps.includes(b.id) ? ` · ${t('admin.startStep')}` : '';
            return (
              <li key={b.id}>
                <strong>{names.step(b.id)}</strong>{' '}
                <span className="meta">
                  ({t(`admin.kind.${b.step.kind}`)}
                  {startOf})
                </span>
                {out.length === 0 ? (
                  <span className="meta"> · {t('admin.noTransitionLeaves')}</span>
                ) : (
                  <ul>
                    {out.map((tr) => (
                      <li key={tr.id}>
                        {label(tr)} → {names.step(tr.to)}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
      </ul>
    </div>
  );
}
