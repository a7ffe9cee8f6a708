import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * An independent, deliberately literal reading of roles.json: what the authorization matrix test
 * expects. It shares no code with libs/permissions (no CASL, no SQL), so a bug there cannot hide
 * by being repeated here.
 */
export interface OracleUser {
  id: string;
  roles: string[];
  teamId: string | null;
  agencyId: string | null;
  locationPath: string;
}
export interface OracleCase {
  caseType: string;
  step: string;
  status: string;
  createdBy: string;
  assignedTo: string | null;
  teamId: string | null;
  agencyId: string | null;
  locationPath: string;
  sharedWith: string[];
  breakGlass: string[];
}

interface Rule {
  action: string | string[];
  subject: string;
  fields?: string[];
  conditions?: Record<string, unknown>;
}

export class PackOracle {
  private readonly roles: Array<{ id: string; rules: Rule[] }>;
  readonly formFields: Record<string, string[]> = {};
  readonly sensitive: Record<string, Set<string>> = {};

  constructor(packDir: string) {
    this.roles = JSON.parse(fs.readFileSync(path.join(packDir, 'roles.json'), 'utf8')).roles;
    const manifest = JSON.parse(fs.readFileSync(path.join(packDir, 'pack.json'), 'utf8'));
    const formsDir = path.resolve(packDir, manifest.formsDir ?? '../../forms');
    for (const f of manifest.forms) {
      const def = JSON.parse(fs.readFileSync(path.join(formsDir, `${f.id}.v${f.version}.json`), 'utf8'));
      this.formFields[f.id] = Object.keys(def.schema.properties);
      this.sensitive[f.id] = new Set(
        Object.entries<any>(def.schema.properties)
          .filter(([, s]) => s['x-sensitive'])
          .map(([k]) => k),
      );
    }
  }

  private holds(cond: Record<string, unknown> | undefined, u: OracleUser, c: OracleCase): boolean {
    const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
    for (const [k, v] of Object.entries(cond ?? {})) {
      const ok =
        k === 'createdBy'
          ? c.createdBy === u.id
          : k === 'assignedTo'
            ? c.assignedTo === u.id
            : k === 'sharedWith'
              ? c.sharedWith.includes(u.id)
              : k === 'breakGlass'
                ? c.breakGlass.includes(u.id)
                : k === 'team'
                  ? u.teamId !== null && c.teamId === u.teamId
                  : k === 'agency'
                    ? u.agencyId !== null && c.agencyId === u.agencyId
                    : k === 'location'
                      ? c.locationPath.startsWith(u.locationPath)
                      : k === 'caseType'
                        ? list(v).includes(c.caseType)
                        : k === 'step'
                          ? list(v).includes(c.step)
                          : k === 'status'
                            ? list(v).includes(c.status)
                            : (() => {
                                throw new Error(`oracle: unknown condition ${k}`);
                              })();
      if (!ok) return false;
    }
    return true;
  }

  private rules(u: OracleUser, action: string, subject: string): Rule[] {
    return this.roles
      .filter((r) => u.roles.includes(r.id))
      .flatMap((r) => r.rules)
      .filter((rule) => {
        const actions = Array.isArray(rule.action) ? rule.action : [rule.action];
        return rule.subject === subject && (actions.includes(action) || (subject === 'form' && action === 'read' && actions.includes('fill')));
      });
  }

  can(u: OracleUser, action: string, subject: string, c: OracleCase): boolean {
    return this.rules(u, action, subject).some((r) => this.holds(r.conditions, u, c));
  }

  /** Fields of `formId` the user may read/fill on the case. */
  fields(u: OracleUser, action: 'read' | 'fill', formId: string, c: OracleCase): string[] {
    const out = new Set<string>();
    for (const r of this.rules(u, action, 'form')) {
      if (!this.holds(r.conditions, u, c)) continue;
      const granted = new Set<string>();
      const excluded = new Set<string>();
      for (const raw of r.fields ?? []) {
        const neg = raw.startsWith('!');
        const p = neg ? raw.slice(1) : raw;
        const [form, field] = p.includes('.') ? [p.slice(0, p.indexOf('.')), p.slice(p.indexOf('.') + 1)] : [p, '*'];
        if (form !== '*' && form !== formId) continue;
        const names = field === '*' ? this.formFields[formId].filter((f) => neg || !this.sensitive[formId].has(f)) : [field];
        for (const n of names) (neg ? excluded : granted).add(n);
      }
      for (const f of granted) if (!excluded.has(f)) out.add(f);
    }
    return this.formFields[formId].filter((f) => out.has(f));
  }
}
