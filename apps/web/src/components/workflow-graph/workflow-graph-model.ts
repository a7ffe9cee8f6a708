/**
 * The workflow of one case type as a graph to draw: steps as nodes, transitions as edges, with the
 * words to show (never ids), which transitions have guards, and the deadlines worked at each step.
 * Pure (no React, no DOM), so that a draft pack can be drawn as well as the published one, and tested
 * without a browser.
 */
import type { ApiSchemas } from '../../api-types';

type PackStep = ApiSchemas['StepDef'];
type PackTransition = ApiSchemas['TransitionDef'];
type PackDeadline = ApiSchemas['DeadlineDef'];
type Duration = ApiSchemas['Duration'];

/** The parts of a pack the drawing reads (GET /api/sop's shape, or a draft's). */
export interface WorkflowPack {
  manifest: { caseTypes: Array<Pick<ApiSchemas['CaseTypeDef'], 'id' | 'label' | 'startStep'>> };
  workflow: { steps: PackStep[]; transitions: PackTransition[] };
  deadlines: PackDeadline[];
}

/** How the drawing words things in the user's language. */
export interface GraphWords {
  label(label: Record<string, string> | string | undefined): string;
  duration(d: Duration): string;
  anyNormalStep: string;
  previousStep: string;
}

/** `any` and `previous` stand for "from any normal step" and "back to the previous step" (resume). */
export type NodeKind = PackStep['kind'] | 'any' | 'previous';

export interface DeadlineBadge {
  id: string;
  label: string;
  /** The due offsets in words, e.g. ["48 h", "5 d", "10 d"]. */
  due: string[];
}

export interface GraphNode {
  id: string;
  label: string;
  kind: NodeKind;
  start: boolean;
  deadlines: DeadlineBadge[];
}

export interface GraphEdge {
  id: string;
  label: string;
  /** Node ids; several when one transition leaves several steps (drawn merging into one arrow). */
  sources: string[];
  target: string;
  /** The guards' messages: why the transition may be refused. */
  guards: string[];
  approval: boolean;
}

export interface WorkflowGraph {
  caseType: string;
  caseTypeLabel: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const ANY_NODE = '@any';
export const PREVIOUS_NODE = '@previous';

/** One graph per case type: the steps reachable from its start step, and the transitions between them. */
export function workflowGraphs(pack: WorkflowPack, words: GraphWords): WorkflowGraph[] {
  return pack.manifest.caseTypes.map((c) => workflowGraph(pack, c.id, words));
}

export function workflowGraph(pack: WorkflowPack, caseTypeId: string, words: GraphWords): WorkflowGraph {
  const caseType = pack.manifest.caseTypes.find((c) => c.id === caseTypeId);
  if (!caseType) throw new Error(`No case type ${caseTypeId} in the pack`);
  const steps = new Map(pack.workflow.steps.map((s) => [s.id, s]));
  const isNormal = (id: string) => steps.get(id)?.kind === 'normal';
  const leaves = (tr: PackTransition, from: string) => (tr.from === '*' ? isNormal(from) : tr.from.includes(from));

  // The steps a case of this type can reach: `*` leaves every normal step, `@previous` goes back to one already reached.
  const reached = new Set<string>();
  const queue = steps.has(caseType.startStep) ? [caseType.startStep] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const tr of pack.workflow.transitions) if (leaves(tr, id) && steps.has(tr.to) && !reached.has(tr.to)) queue.push(tr.to);
  }
  const transitions = pack.workflow.transitions.filter((tr) => [...reached].some((id) => leaves(tr, id)) && (tr.to === PREVIOUS_NODE || reached.has(tr.to)));

  const deadlines = pack.deadlines.filter((d) => !d.caseTypes || d.caseTypes.includes(caseTypeId));
  // In the order of the flow: the normal steps as a case reaches them, then pauses, then the ends.
  const rank = (s: PackStep) => (s.kind === 'normal' ? 0 : s.kind === 'paused' ? 1 : 2);
  const order = [...reached].map((id) => steps.get(id)!).sort((a, b) => rank(a) - rank(b));
  const nodes: GraphNode[] = order.map((s) => ({
    id: s.id,
    label: words.label(s.label) || s.id,
    kind: s.kind,
    start: s.id === caseType.startStep,
    deadlines: deadlines.filter((d) => workedAt(d, s, pack.workflow.transitions)).map((d) => badge(d, words)),
  }));
  if (transitions.some((tr) => tr.from === '*')) {
    const firstNotNormal = nodes.findIndex((n) => n.kind !== 'normal');
    nodes.splice(firstNotNormal < 0 ? nodes.length : firstNotNormal, 0, { id: ANY_NODE, label: words.anyNormalStep, kind: 'any', start: false, deadlines: [] });
  }
  if (transitions.some((tr) => tr.to === PREVIOUS_NODE))
    nodes.push({ id: PREVIOUS_NODE, label: words.previousStep, kind: 'previous', start: false, deadlines: [] });

  const edges: GraphEdge[] = transitions.map((tr) => ({
    id: tr.id,
    label: words.label(tr.label) || tr.id,
    sources: tr.from === '*' ? [ANY_NODE] : tr.from.filter((id) => reached.has(id)),
    target: tr.to,
    guards: (tr.guards ?? []).map((g) => words.label(g.message)),
    approval: !!tr.approval,
  }));
  return { caseType: caseTypeId, caseTypeLabel: words.label(caseType.label) || caseTypeId, nodes, edges };
}

/**
 * A deadline is worked at the step where what closes it happens: the steps that hold the form whose
 * submission closes it, or the steps a transition leaves to enter the step whose entry closes it.
 */
function workedAt(d: PackDeadline, step: PackStep, transitions: PackTransition[]): boolean {
  return d.closeOn.some((e) => {
    const event = e as { event: string; form?: string; step?: string };
    if (event.event === 'form_submitted' && event.form) return (step.forms ?? []).some((f) => f.form === event.form);
    if (event.event === 'step_entered' && event.step)
      return transitions.some((tr) => tr.to === event.step && tr.from !== '*' && tr.from.includes(step.id) && step.id !== event.step);
    return false;
  });
}

function badge(d: PackDeadline, words: GraphWords): DeadlineBadge {
  return { id: d.id, label: words.label(d.label) || d.id, due: d.due.map((due) => words.duration(due.after)) };
}

/** The transitions that leave a node, as the text alternative lists them (a normal step also leaves by `*`). */
export function transitionsFrom(graph: WorkflowGraph, node: GraphNode): GraphEdge[] {
  return graph.edges.filter((e) => e.sources.includes(node.id) || (node.kind === 'normal' && e.sources.includes(ANY_NODE)));
}
