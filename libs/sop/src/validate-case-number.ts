/** Case number tokens besides location levels. */
export const CASE_NUMBER_TOKENS = ['country', 'yyyy', 'yy', 'mm', 'type'] as const;
export const LOCATION_TOKENS = ['region', 'district', 'community'] as const;

/** Case number formats: known tokens only, location tokens among the levels, and a {seq:N}. */
export function checkCaseNumberFormat(format: string, levels: string[], report: (message: string) => void): void {
  const stripped = format.replace(/\{[^{}]*\}/g, '');
  if (/[{}]/.test(stripped)) {
    report(`"${format}" has an unmatched "{" or "}"`);
    return;
  }
  let hasSeq = false;
  for (const m of format.matchAll(/\{([^{}]*)\}/g)) {
    const token = m[1];
    const seq = /^seq:(\d+)$/.exec(token);
    if (seq) {
      const n = Number(seq[1]);
      if (n < 1 || n > 12) report(`token {${token}}: the sequence width must be between 1 and 12`);
      hasSeq = true;
      continue;
    }
    if ((CASE_NUMBER_TOKENS as readonly string[]).includes(token)) continue;
    if (levels.includes(token)) continue;
    if ((LOCATION_TOKENS as readonly string[]).includes(token)) {
      report(`token {${token}} needs a "${token}" level in locations.json levels (levels: ${levels.join(', ')})`);
      continue;
    }
    report(`unknown token {${token}} (known: {country} {yyyy} {yy} {mm} {type} {seq:N} and the location levels ${levels.map((l) => `{${l}}`).join(' ')})`);
  }
  if (!hasSeq) report(`"${format}" must contain a sequence number token such as {seq:6}, or case numbers would repeat`);
}
