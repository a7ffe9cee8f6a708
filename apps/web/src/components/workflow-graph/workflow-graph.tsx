import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { AdminT, durationText } from '../../admin-texts';
import { LOCALES } from '../../i18n';
import { pick } from '../../sop';
import { FlowDirection, GraphLayout, layoutWorkflowGraph, Measure } from './workflow-graph-layout';
import { GraphWords, workflowGraph, WorkflowPack } from './workflow-graph-model';
import { WorkflowGraphSvg } from './workflow-graph-svg';
import { WorkflowGraphLegend, WorkflowGraphWords } from './workflow-graph-words';
import './workflow-graph.css';

/** Below this width the flow runs top to bottom (a phone); above, along the reading direction. */
const NARROW = 720;
const ZOOMS = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2];

/**
 * The workflow of each case type drawn as a graph laid out by ELK, with its legend and the same in
 * words. It draws whatever pack it is given (the published one, or a draft being edited) and lays it
 * out again when the pack, the language or the room it has changes.
 */
export function WorkflowGraph({ pack, locale, t }: { pack: WorkflowPack; locale: string; t: AdminT }) {
  const uid = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const caseTypes = pack.manifest.caseTypes;
  const [chosen, setChosen] = useState(caseTypes[0]?.id ?? '');
  const caseType = caseTypes.some((c) => c.id === chosen) ? chosen : (caseTypes[0]?.id ?? '');
  const rtl = LOCALES[locale]?.dir === 'rtl';
  const words = useMemo<GraphWords>(
    () => ({
      label: (l) => pick(l, locale),
      duration: (d) => durationText(d, t),
      anyNormalStep: t('admin.anyNormalStep'),
      previousStep: t('admin.previousStep'),
    }),
    // `t` follows the locale; a new function each render must not lay the graph out again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [locale],
  );
  const graph = useMemo(() => (caseType ? workflowGraph(pack, caseType, words) : null), [pack, caseType, words]);

  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const direction: FlowDirection = width !== null && width < NARROW ? 'DOWN' : rtl ? 'LEFT' : 'RIGHT';
  const [zoom, setZoom] = useState(1);
  const [laid, setLaid] = useState<{ graph: unknown; layout: GraphLayout } | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    if (!graph || width === null) return;
    let live = true;
    setFailed(null);
    layoutWorkflowGraph(graph, direction, measureWith(box.current))
      .then((layout) => live && setLaid({ graph, layout }))
      .catch((e) => live && setFailed(e));
    return () => {
      live = false;
    };
  }, [graph, direction, width === null]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!graph) return null;
  // Shown only once it is the layout of the graph asked for: a stale drawing never passes for the new one.
  const layout = laid?.graph === graph && laid.layout.direction === direction ? laid.layout : null;
  const zoomTo = (i: number) => setZoom(ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, i))]);
  const at = ZOOMS.indexOf(zoom);
  return (
    <div className="wg" ref={box}>
      <div className="wg-controls">
        {caseTypes.length > 1 && (
          <span className="wg-case-type">
            <label htmlFor={`${uid}-case-type`}>{t('admin.graph.caseType')}</label>{' '}
            <select id={`${uid}-case-type`} value={caseType} onChange={(e) => setChosen(e.target.value)}>
              {caseTypes.map((c) => (
                <option key={c.id} value={c.id}>
                  {pick(c.label, locale)}
                </option>
              ))}
            </select>
          </span>
        )}
        <span className="wg-zoom" role="group" aria-label={t('admin.graph.zoomLevel', { percent: Math.round(zoom * 100) })}>
          <button type="button" onClick={() => zoomTo(at - 1)} disabled={at === 0} aria-label={t('admin.graph.zoomOut')}>
            −
          </button>
          <button type="button" onClick={() => setZoom(1)}>
            {t('admin.graph.zoomReset')}
          </button>
          <button type="button" onClick={() => zoomTo(at + 1)} disabled={at === ZOOMS.length - 1} aria-label={t('admin.graph.zoomIn')}>
            +
          </button>
          <output className="wg-zoom-level">{Math.round(zoom * 100)} %</output>
        </span>
      </div>
      <div className="wg-scroll" role="region" aria-label={t('admin.graph.title', { caseType: graph.caseTypeLabel })} tabIndex={0}>
        {failed ? (
          <p role="alert" className="wg-status">
            {t('admin.graph.failed')}
          </p>
        ) : layout ? (
          <WorkflowGraphSvg graph={graph} layout={layout} zoom={zoom} uid={uid} rtl={rtl} locale={locale} t={t} />
        ) : (
          <p role="status" className="wg-status">
            {t('admin.graph.loading')}
          </p>
        )}
      </div>
      <WorkflowGraphLegend rtl={rtl} t={t} />
      <WorkflowGraphWords graph={graph} uid={uid} t={t} />
    </div>
  );
}

/** The element's width, followed as it changes (null until first measured). */
function useWidth(ref: React.RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** Measures texts in the page's font at the drawing's sizes (see workflow-graph.css). */
function measureWith(el: HTMLElement | null): Measure {
  const ctx = document.createElement('canvas').getContext('2d');
  const family = el ? getComputedStyle(el).fontFamily : 'sans-serif';
  const cache = new Map<string, number>();
  return (text, kind) => {
    const key = `${kind}:${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      if (ctx) {
        ctx.font = kind === 'node' ? `600 13px ${family}` : `12px ${family}`;
        w = ctx.measureText(text).width;
      } else w = text.length * (kind === 'node' ? 7.6 : 6.6);
      cache.set(key, w);
    }
    return w;
  };
}
