/**
 * Places a workflow graph with ELK's layered layout (elkjs): steps in layers along the flow, edges
 * routed at right angles, edge labels placed by ELK so that nothing overlaps. A transition leaving
 * several steps is drawn as its label in a box where the branches meet, then one arrow on to the
 * target: one label instead of one per source keeps large packs readable.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphEdge, GraphNode, WorkflowGraph } from './workflow-graph-model';

/** RIGHT: left to right (a laptop); LEFT: right to left (Arabic); DOWN: top to bottom (a phone). */
export type FlowDirection = 'RIGHT' | 'LEFT' | 'DOWN';

/** The width in pixels of a text as drawn: `node` for step names, `edge` for transition labels. */
export type Measure = (text: string, kind: 'node' | 'edge') => number;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface PlacedNode extends Box {
  node: GraphNode;
  lines: string[];
}
/** A transition's label: on its edge, or the box where a transition's branches meet. */
export interface PlacedLabel extends Box {
  lines: string[];
  junction: boolean;
}
export interface PlacedEdge {
  edge: GraphEdge;
  /** SVG path data; the last one ends at the target (the arrow). */
  paths: string[];
  label: PlacedLabel;
}
export interface GraphLayout {
  width: number;
  height: number;
  direction: FlowDirection;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export const NODE_MAX_WIDTH = 168;
export const EDGE_LABEL_MAX_WIDTH = 150;
export const NODE_LINE = 17;
export const EDGE_LINE = 15;
/** Room for the guard marker before a label's first line. */
export const GUARD_MARK = 14;
const NODE_PAD_X = 12;
const NODE_PAD_Y = 9;
const TAG_LINE = 14;
const BADGE_LINE = 20;
const LABEL_PAD = 4;

const JUNCTION = '~';

/** Splits a text into lines no wider than `max` (a longer single word gets a line of its own). */
export function wrapText(text: string, max: number, width: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && width(next) > max) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** The size of a step's box: an optional tag line (start, end), the name, an optional deadline badge. */
function nodeSize(node: GraphNode, measure: Measure, tagged: boolean) {
  const lines = wrapText(node.label, NODE_MAX_WIDTH - 2 * NODE_PAD_X, (s) => measure(s, 'node'));
  const width = Math.max(96, ...lines.map((l) => measure(l, 'node') + 2 * NODE_PAD_X));
  const height = 2 * NODE_PAD_Y + (tagged ? TAG_LINE : 0) + lines.length * NODE_LINE + (node.deadlines.length ? BADGE_LINE : 0);
  return { lines, width: Math.ceil(width), height };
}

function labelSize(edge: GraphEdge, measure: Measure) {
  const mark = edge.guards.length ? GUARD_MARK : 0;
  const lines = wrapText(edge.label, EDGE_LABEL_MAX_WIDTH - mark, (s) => measure(s, 'edge'));
  const width = Math.max(...lines.map((l) => measure(l, 'edge'))) + mark + 2 * LABEL_PAD;
  return { lines, width: Math.ceil(width), height: lines.length * EDGE_LINE + 2 * LABEL_PAD };
}

/** Whether a node carries a tag line ("start", "end"): shapes and words, not colour alone, tell them apart. */
export const isTagged = (n: GraphNode) => n.start || n.kind === 'terminal';

const OPTIONS = (direction: FlowDirection): Record<string, string> => ({
  'elk.algorithm': 'layered',
  'elk.direction': direction,
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  'elk.spacing.nodeNode': '26',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '3',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
});

/** The ELK graph for a workflow graph: its nodes sized for their words, its labels sized likewise. */
export function elkGraph(graph: WorkflowGraph, direction: FlowDirection, measure: Measure): ElkNode {
  // ELK breaks cycles by the model's order: steps come in the flow's order, and a junction just before its target.
  const children: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  for (const n of graph.nodes) {
    for (const e of graph.edges.filter((x) => x.target === n.id && x.sources.length > 1)) {
      const label = labelSize(e, measure);
      const junction = `${JUNCTION}${e.id}`;
      children.push({ id: junction, width: label.width, height: label.height });
      e.sources.forEach((s, i) => edges.push({ id: `${e.id}:${i}`, sources: [s], targets: [junction] }));
      edges.push({ id: `${e.id}:to`, sources: [junction], targets: [e.target] });
    }
    const { width, height } = nodeSize(n, measure, isTagged(n));
    children.push({ id: n.id, width, height });
  }
  for (const e of graph.edges.filter((x) => x.sources.length === 1)) {
    const label = labelSize(e, measure);
    edges.push({
      id: e.id,
      sources: e.sources,
      targets: [e.target],
      labels: [{ id: `${e.id}:label`, text: e.label, width: label.width, height: label.height }],
    });
  }
  return { id: 'workflow', layoutOptions: OPTIONS(direction), children, edges };
}

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<Elk> | null = null;
/** ELK's worker-less build, loaded on first use (it is large; only the pack page needs it). */
function loadElk(): Promise<Elk> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    const ELK = (m.default ?? m) as unknown as new () => Elk;
    return new ELK();
  });
  return elk;
}

const pathOf = (e: ElkExtendedEdge) =>
  (e.sections ?? []).map((s) => `M${[s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => `${round(p.x)},${round(p.y)}`).join(' L')}`).join(' ');
const round = (n: number) => Math.round(n * 10) / 10;

/** Lays the graph out (asynchronously: ELK is a promise-based library). */
export async function layoutWorkflowGraph(graph: WorkflowGraph, direction: FlowDirection, measure: Measure): Promise<GraphLayout> {
  const input = elkGraph(graph, direction, measure);
  const out = await (await loadElk()).layout(input);
  const placed = new Map((out.children ?? []).map((c) => [c.id, c]));
  const routed = new Map((out.edges as ElkExtendedEdge[]).map((e) => [e.id, e]));
  const box = (b: { x?: number; y?: number; width?: number; height?: number }): Box => ({
    x: b.x ?? 0,
    y: b.y ?? 0,
    width: b.width ?? 0,
    height: b.height ?? 0,
  });

  const nodes = graph.nodes.map((node) => ({ node, ...box(placed.get(node.id)!), lines: nodeSize(node, measure, isTagged(node)).lines }));
  const edges = graph.edges.map((edge): PlacedEdge => {
    const { lines } = labelSize(edge, measure);
    if (edge.sources.length === 1) {
      const e = routed.get(edge.id)!;
      return { edge, paths: [pathOf(e)], label: { ...box(e.labels?.[0] ?? {}), lines, junction: false } };
    }
    const paths = [...edge.sources.map((_, i) => pathOf(routed.get(`${edge.id}:${i}`)!)), pathOf(routed.get(`${edge.id}:to`)!)];
    return { edge, paths, label: { ...box(placed.get(`${JUNCTION}${edge.id}`)!), lines, junction: true } };
  });
  return { width: Math.ceil(out.width ?? 0), height: Math.ceil(out.height ?? 0), direction, nodes, edges };
}
