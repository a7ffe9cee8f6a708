import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Box, FlowDirection, layoutWorkflowGraph, Measure, wrapText } from '../../apps/web/src/components/workflow-graph/workflow-graph-layout';
import { GraphWords, workflowGraph, WorkflowPack } from '../../apps/web/src/components/workflow-graph/workflow-graph-model';

const MOLDOVA = path.resolve(__dirname, '../../sops/moldova');
const read = (file: string) => JSON.parse(readFileSync(path.join(MOLDOVA, file), 'utf8'));
const moldova: WorkflowPack = { manifest: read('pack.json'), workflow: read('workflow.json'), deadlines: read('deadlines.json').deadlines };
const words: GraphWords = {
  label: (l) => (typeof l === 'string' ? l : (l?.en ?? '')),
  duration: (d) => (d.days ? `${d.days} d` : `${d.hours} h`),
  anyNormalStep: 'any normal step',
  previousStep: 'the previous step',
};
/** About the width of the app's sans-serif at the drawing's sizes (the browser measures the real font). */
const measure: Measure = (text, kind) => text.length * (kind === 'node' ? 7.6 : 6.6);

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('The workflow graph laid out by ELK', () => {
  it('wraps a long name into lines no wider than allowed', () => {
    expect(wrapText('Implementation of the care plan', 100, (s) => s.length * 7)).toEqual(['Implementation', 'of the care', 'plan']);
    expect(wrapText('Closed', 100, (s) => s.length * 7)).toEqual(['Closed']);
  });

  it.each<FlowDirection>(['RIGHT', 'LEFT', 'DOWN'])(
    'Moldova (%s): no two boxes or labels overlap, and everything lies inside the drawing',
    async (direction) => {
      for (const caseType of ['child_protection', 'notification']) {
        const layout = await layoutWorkflowGraph(workflowGraph(moldova, caseType, words), direction, measure);
        const boxes: Array<[string, Box]> = [
          ...layout.nodes.map((n) => [n.node.id, n] as [string, Box]),
          ...layout.edges.map((e) => [`label ${e.edge.id}`, e.label] as [string, Box]),
        ];
        for (const [id, b] of boxes) {
          expect(b.width).toBeGreaterThan(0);
          expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
          expect(b.y + b.height).toBeLessThanOrEqual(layout.height);
          expect([id, b.x >= 0 && b.y >= 0]).toEqual([id, true]);
        }
        const clashes = boxes.flatMap(([a, p], i) =>
          boxes
            .slice(i + 1)
            .filter(([, q]) => overlap(p, q))
            .map(([b]) => `${a} × ${b}`),
        );
        expect(clashes).toEqual([]);
        for (const e of layout.edges) for (const d of e.paths) expect(d).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+$/);
      }
    },
  );

  it('flows the way the language reads: the start step left on a laptop, right in Arabic, at the top on a phone', async () => {
    const graph = workflowGraph(moldova, 'child_protection', words);
    const at = async (d: FlowDirection) => {
      const l = await layoutWorkflowGraph(graph, d, measure);
      const start = l.nodes.find((n) => n.node.id === 'registration')!;
      const end = l.nodes.find((n) => n.node.id === 'follow_up')!;
      return { start, end };
    };
    const ltr = await at('RIGHT');
    expect(ltr.start.x).toBeLessThan(ltr.end.x);
    const rtl = await at('LEFT');
    expect(rtl.start.x).toBeGreaterThan(rtl.end.x);
    const down = await at('DOWN');
    expect(down.start.y).toBeLessThan(down.end.y);
  });
});
