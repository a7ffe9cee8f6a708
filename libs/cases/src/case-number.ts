import type { SopPack } from '@app/pack-types';

/**
 * Expands a case number format such as `MD-{district}-{yyyy}-{seq:6}`. Location-level tokens take
 * the code of the case location's ancestor at that level (materialised path `MD/CH/CH01/`).
 * Returns the sequence key (everything but the sequence) and a function that renders the number.
 */
export function caseNumberTemplate(
  pack: SopPack,
  caseType: string,
  format: string,
  locationPath: string,
  now: Date,
): {
  sequenceKey: string;
  render: (seq: number) => string;
} {
  const codes = locationPath.split('/').filter(Boolean);
  const values: Record<string, string> = {
    country: pack.manifest.country,
    yyyy: String(now.getUTCFullYear()),
    yy: String(now.getUTCFullYear()).slice(-2),
    mm: String(now.getUTCMonth() + 1).padStart(2, '0'),
    type: caseType,
  };
  pack.locations.levels.forEach((level, i) => {
    values[level] = codes[i] ?? 'X';
  });
  const fixed = format.replace(/\{([a-z]+)\}/g, (whole, token: string) => values[token] ?? whole);
  return {
    sequenceKey: `${pack.manifest.id}:${caseType}:${fixed}`,
    render: (seq) => fixed.replace(/\{seq:(\d+)\}/g, (_w, width: string) => String(seq).padStart(Number(width), '0')),
  };
}
