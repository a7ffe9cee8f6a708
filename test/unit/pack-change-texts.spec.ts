import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACK_CHANGE_KINDS } from '@app/sop';

/**
 * Every kind of change the pack diff gives has its own sentence in the web app's texts (the page
 * shows a generic "Changed: …" only for kinds it does not know): a kind added to the diff without
 * words fails here. web-locales.spec.ts checks that every language has the same texts as English.
 */
describe('web app: a sentence for each kind of pack change', () => {
  const en: Record<string, string> = JSON.parse(readFileSync(path.join(__dirname, '../../apps/web/src/locales/pack-versions-en.json'), 'utf8'));
  // Kinds worded by one of two sentences, by their new value (pack-versions-texts.ts).
  const split: Record<string, string[]> = {
    field_required_changed: ['field_required', 'field_optional'],
    field_sensitivity_changed: ['field_sensitive', 'field_not_sensitive'],
    role_two_factor_changed: ['two_factor_on', 'two_factor_off'],
    label_changed: ['label_changed', 'translations_changed'],
  };

  it('lists the kinds (not vacuous)', () => {
    expect(PACK_CHANGE_KINDS).toEqual(
      expect.arrayContaining(['field_required_changed', 'deadline_offset_changed', 'role_rule_granted', 'step_added', 'changed_at_path']),
    );
  });

  it.each([...PACK_CHANGE_KINDS])('%s has a sentence naming its element', (kind) => {
    const keys =
      kind.endsWith('_added') && !en[`versions.change.${kind}`]
        ? ['added']
        : kind.endsWith('_removed') && !en[`versions.change.${kind}`]
          ? ['removed']
          : (split[kind] ?? [kind]);
    for (const key of keys) {
      const text = en[`versions.change.${key}`];
      expect([kind, key, typeof text]).toEqual([kind, key, 'string']);
      if (kind !== 'changed_at_path' && !['pack_calendar_changed', 'pack_plugins_changed'].includes(kind))
        expect([kind, text]).toEqual([kind, expect.stringContaining('{element}')]);
    }
  });
});
