import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { applyPatch as applyOnServer } from '../../libs/sop-drafts/src/json-patch';
import {
  draftTemplates,
  indicatorChoices,
  showOnDashboardOps,
  smallCellThresholdOp,
  templateEdits,
  indicatorLabelOp,
  templatesElementOf,
} from '../../apps/web/src/pages/studio/templates-model';

/** The patch applied as the server applies it. */
const applyPatch = (files: Record<string, unknown>, ops: unknown[]) => applyOnServer(files, ops as any).files as Record<string, any>;
const MOLDOVA = path.resolve(__dirname, '../../sops/moldova');
const read = (file: string) => JSON.parse(readFileSync(path.join(MOLDOVA, file), 'utf8'));
const files = (): Record<string, any> => {
  const out: Record<string, any> = { 'pack.json': read('pack.json'), 'reporting.json': read('reporting.json'), 'deadlines.json': read('deadlines.json') };
  for (const id of readdirSync(path.join(MOLDOVA, 'templates')))
    for (const f of readdirSync(path.join(MOLDOVA, 'templates', id)))
      out[`templates/${id}/${f}`] = readFileSync(path.join(MOLDOVA, 'templates', id, f), 'utf8');
  return out;
};

describe('The studio: message templates and reporting as JSON Patch of a draft', () => {
  it('lists the platform messages first, with each language and part', () => {
    const list = draftTemplates(files());
    expect(list.slice(0, 3).map((x) => x.id)).toEqual(['deadline_reminder', 'deadline_escalation', 'daily_digest']);
    expect(Object.keys(list[1].locales).sort()).toEqual(['ar', 'en', 'fr', 'ro']);
    expect(Object.keys(list[1].locales.fr).sort()).toEqual(['html', 'subject', 'text']);
  });

  it('stores only what changed, adding a language the template did not have', () => {
    const before = files();
    delete before['templates/deadline_reminder/ro.subject.hbs'];
    const ops = templateEdits(before, 'deadline_reminder', {
      fr: { subject: before['templates/deadline_reminder/fr.subject.hbs'], text: 'Nouveau texte' },
      ro: { subject: 'Memento {{case.number}}' },
    });
    expect(ops.map((o) => o.op)).toEqual(['replace', 'add']);
    const after = applyPatch(before, ops);
    expect(after['templates/deadline_reminder/fr.text.hbs']).toBe('Nouveau texte');
    expect(after['templates/deadline_reminder/ro.subject.hbs']).toBe('Memento {{case.number}}');
  });

  it('changes the threshold and an indicator label', () => {
    const f = files();
    const after = applyPatch(f, [...smallCellThresholdOp(f, 10), ...indicatorLabelOp(1, { en: 'Open', fr: 'Ouverts' })]);
    expect(after['reporting.json'].smallCellThreshold).toBe(10);
    expect(after['reporting.json'].indicators[1].label).toEqual({ en: 'Open', fr: 'Ouverts' });
  });

  it('shows an indicator on a dashboard as a number, and stops showing it by removing each of its charts there', () => {
    const f = files();
    expect(indicatorChoices(f).map((c) => c.id)).toEqual(expect.arrayContaining(['active_cases', 'deadline.initial_response']));
    const shown = applyPatch(f, showOnDashboardOps(f, 0, 'high_risk', true));
    expect(shown['reporting.json'].dashboards[0].widgets.at(-1)).toEqual({ indicator: 'high_risk', chart: 'number' });
    expect(showOnDashboardOps(shown, 0, 'high_risk', true)).toEqual([]);
    // "My work" shows active cases twice (a number and a bar chart): both go, the others stay in order.
    const widgets = f['reporting.json'].dashboards[0].widgets;
    const hidden = applyPatch(f, showOnDashboardOps(f, 0, 'active_cases', false));
    expect(hidden['reporting.json'].dashboards[0].widgets).toEqual(widgets.filter((w: any) => w.indicator !== 'active_cases'));
    expect(widgets.filter((w: any) => w.indicator === 'active_cases')).toHaveLength(2);
  });
});

describe('The studio: templates and reporting named by their labels', () => {
  const words = {
    templatePart: (id: string, locale: string, part: string) => `${part} of ${id} in ${locale}`,
    template: (id: string) => `template ${id}`,
    indicator: (label: string) => `indicator ${label}`,
    dashboard: (label: string) => `dashboard ${label}`,
    threshold: () => 'threshold',
  };
  it('names a template file, an indicator, a dashboard and the threshold, and leaves the rest to others', () => {
    const f = files();
    expect(templatesElementOf(f, '/templates~1deadline_reminder~1fr.text.hbs', 'fr', words)).toBe('text of deadline_reminder in fr');
    expect(templatesElementOf(f, '/notifications.json/templates/deadline_escalation/answers/0', 'en', words)).toBe('template deadline_escalation');
    expect(templatesElementOf(f, '/reporting.json/indicators/1/label/fr', 'fr', words)).toBe('indicator Cas actifs');
    expect(templatesElementOf(f, '/reporting.json/dashboards/0/widgets/2', 'en', words)).toBe('dashboard My work');
    expect(templatesElementOf(f, '/reporting.json/smallCellThreshold', 'en', words)).toBe('threshold');
    expect(templatesElementOf(f, '/reporting.json/ageBands/0', 'en', words)).toBeUndefined();
    expect(templatesElementOf(f, '/deadlines.json/deadlines/0', 'en', words)).toBeUndefined();
  });
});
