import type { ConsentFromFormDef } from '@app/pack-types';

/** The mark a form's client schema puts on an option whose answer records a consent decision. */
export const CONSENT_DECISION_MARK = 'x-consentDecision';

/**
 * A form's client schema with each option of a consent question (security.json consent.fromForms)
 * marked by the decision it records (`x-consentDecision`: granted, refused, withdrawn), so that a
 * client can tell from the pack, not from the option's value, e.g. which answer withdraws consent:
 * nothing to withdraw at a first registration. A copy when something is marked; never the cached schema.
 */
export function markConsentDecisions(
  schema: Record<string, any> | undefined,
  formId: string,
  fromForms: readonly ConsentFromFormDef[] | undefined,
): Record<string, any> | undefined {
  const mappings = (fromForms ?? []).filter((m) => m.form === formId);
  if (!schema || mappings.length === 0) return schema;
  const out = structuredClone(schema);
  for (const m of mappings) {
    let node: Record<string, any> | undefined = out;
    for (const part of m.field.split('.')) node = node?.properties?.[part];
    if (!Array.isArray(node?.oneOf)) continue;
    node.oneOf = node.oneOf.map((o: Record<string, any>) =>
      Object.hasOwn(m.decisions, String(o.const)) ? { ...o, [CONSENT_DECISION_MARK]: m.decisions[String(o.const)] } : o,
    );
  }
  return out;
}
