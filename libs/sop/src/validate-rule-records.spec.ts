import * as path from 'node:path';
import type { PluginPackData } from '@app/pack-types';
import { PackFiles, readPackDir } from './pack-files';
import { validatePack } from './validate-pack';
import { referencedFacts } from './validate-rule-records';

const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/packs/referral-guards');
const GUARD = '$.transitions[1].guards[0].rule';

/** A plugin that declares one fact, as the host writes it into a pack's files. */
const tracing: PluginPackData = { id: 'tracing', version: '1.0.0', name: { en: 'Tracing' }, facts: ['match_confirmed'] };

describe('rules over referrals and plugin facts', () => {
  let fixture: PackFiles;
  beforeAll(async () => {
    fixture = await readPackDir(FIXTURE);
  });

  /** The fixture with the guard of start_treatment replaced, and the tracing plugin enabled or not. */
  const withGuard = (rule: unknown, enable = true) => {
    const files: any = structuredClone(fixture);
    files['workflow.json'].transitions[1].guards[0].rule = rule;
    if (enable) {
      files['pack.json'].plugins = [{ id: 'tracing' }];
      files['plugins/tracing.json'] = structuredClone(tracing);
    }
    return validatePack(files);
  };
  const errors = (rule: unknown, enable = true) =>
    withGuard(rule, enable)
      .issues.filter((i) => i.severity === 'error')
      .map((i) => [i.code, i.path, i.message]);

  it('the fixture validates: a guard needing an accepted medical referral', () => {
    const { pack, issues } = validatePack(structuredClone(fixture));
    expect(issues).toEqual([]);
    expect(pack!.workflow.transitions[1].guards![0].rule).toEqual({ has_referral: { serviceType: 'medical', status: ['accepted', 'done'] } });
    expect(referencedFacts(pack!).size).toBe(0);
  });

  it('refuses a service type services.json does not declare and a status a referral never has', () => {
    expect(
      errors({ and: [{ has_referral: { serviceType: 'medicine', status: ['accepted', 'completed'] } }, { referral_count: { serviceType: ['home_care'] } }] }),
    ).toEqual([
      [
        'rule_unknown_service_type',
        `${GUARD}.and[0].has_referral`,
        'guard 1 of transition "start_treatment" asks about referrals to service type "medicine", which is not in services.json serviceTypes',
      ],
      [
        'rule_unknown_referral_status',
        `${GUARD}.and[0].has_referral`,
        expect.stringContaining('status "completed", which a referral never has (it has awaiting_authorisation,'),
      ],
    ]);
  });

  it('refuses an unknown filter key or a computed value (the operator check)', () => {
    expect(errors({ has_referral: { type: 'medical' } })).toEqual([
      ['rule_bad_arguments', `${GUARD}.has_referral`, expect.stringContaining('unknown filter key "type"')],
    ]);
    expect(errors({ referral_count: { status: { var: 'case.fields.wanted' } } }).map((e) => e[0])).toEqual(['rule_bad_arguments']);
  });

  it('accepts a fact the enabled plugin declares; refuses an undeclared one or one of a plugin not enabled', () => {
    expect(errors({ plugin_fact: 'tracing.match_confirmed' })).toEqual([]);
    expect(errors({ plugin_fact: 'tracing.match_found' })).toEqual([
      [
        'rule_unknown_fact',
        `${GUARD}.plugin_fact`,
        'guard 1 of transition "start_treatment" reads fact "match_found", which plugin "tracing" does not declare (it declares match_confirmed)',
      ],
    ]);
    expect(errors({ plugin_fact: 'tracing.match_confirmed' }, false)).toEqual([
      ['rule_fact_plugin_not_enabled', `${GUARD}.plugin_fact`, expect.stringContaining('plugin "tracing", which this pack does not enable')],
    ]);
    expect(errors({ plugin_fact: 'match_confirmed' }).map((e) => e[0])).toEqual(['rule_bad_arguments']);
  });

  it('finds the facts a pack reads wherever its rules name them, once per pack version', () => {
    const { pack } = withGuard({ or: [{ '!': [{ plugin_fact: 'tracing.match_confirmed' }] }, { map: [[1], { plugin_fact: 'tracing.match_confirmed' }] }] });
    const facts = referencedFacts(pack!);
    expect([...facts.entries()].map(([plugin, names]) => [plugin, [...names]])).toEqual([['tracing', ['match_confirmed']]]);
    expect(referencedFacts(pack!)).toBe(facts);
    // A change's deadline sync loads only what deadline rules read: this fact is read by a guard alone.
    expect(referencedFacts(pack!, 'deadline').size).toBe(0);
    expect([...(referencedFacts(pack!, 'guard').get('tracing') ?? [])]).toEqual(['match_confirmed']);
  });

  it('refuses referrals and facts in data-quality checks, which judge answers as they are entered', () => {
    const files: any = structuredClone(fixture);
    files['data-quality.json'] = {
      checks: [
        {
          id: 'medical_first',
          label: { en: 'Medical referral first', fr: "Orientation médicale d'abord" },
          form: 'assessment',
          rule: { has_referral: { serviceType: 'medical' } },
          field: 'risk_level',
          severity: 'warning',
          message: { en: 'Refer first', fr: "Orientez d'abord" },
        },
      ],
    };
    const issues = validatePack(files).issues.filter((i) => i.severity === 'error');
    expect(issues.map((i) => [i.file, i.code])).toEqual([['data-quality.json', 'rule_records_unavailable']]);
  });
});
