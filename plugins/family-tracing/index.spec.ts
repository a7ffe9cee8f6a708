import { DOMAIN_EVENTS, satisfiesRange, SDK_VERSION } from '@app/plugin-sdk';
import plugin, { familyTracingPlugin } from './index';

describe('the family-tracing manifest', () => {
  const prefix = 'family_tracing_';

  it('is the default export and supports this SDK', () => {
    expect(plugin).toBe(familyTracingPlugin);
    expect(satisfiesRange(SDK_VERSION, plugin.sdk)).toBe(true);
    expect(plugin.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('prefixes its forms and indicators; its subjects are the agreed tracing_request and tracing_match', () => {
    for (const f of plugin.forms ?? []) expect(f.id.startsWith(prefix)).toBe(true);
    for (const i of plugin.indicators ?? []) expect(i.id.startsWith(prefix)).toBe(true);
    expect(plugin.subjects).toEqual({ tracing_request: ['read', 'record'], tracing_match: ['read', 'decide'] });
  });

  it('declares a permission on its own subjects for every route, with lower_snake ids', () => {
    const ids = new Set<string>();
    for (const r of plugin.routes ?? []) {
      expect(r.id).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(ids.has(r.id)).toBe(false);
      ids.add(r.id);
      expect(Object.keys(plugin.subjects!)).toContain(r.permission.subject);
      expect(plugin.subjects![r.permission.subject]).toContain(r.permission.action);
      expect(r.path.startsWith('/')).toBe(true);
    }
  });

  it('hooks known events, runs the hourly rematch, counts its own event', () => {
    for (const h of plugin.hooks ?? []) expect(DOMAIN_EVENTS as readonly string[]).toContain(h.event);
    expect(plugin.jobs?.map((j) => [j.id, j.everyMinutes])).toEqual([['rematch_open_requests', 60]]);
    expect(plugin.indicators?.[0]).toMatchObject({ of: 'events', events: ['family-tracing.match_confirmed'] });
  });

  it('creates the trigram index its pre-filter relies on', () => {
    const sql = plugin.migrations!.map((m) => m.up).join('\n');
    expect(sql).toContain('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
    expect(sql).toMatch(/USING gin \(name_norm public\.gin_trgm_ops\)/);
  });
});
