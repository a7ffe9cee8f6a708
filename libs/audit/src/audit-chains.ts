import { createHash } from 'node:crypto';

/** Chains when CMIS_AUDIT_CHAINS is not set. */
export const DEFAULT_AUDIT_CHAINS = 16;
/** Most chains CMIS_AUDIT_CHAINS may ask for (chain numbers are 1..256; 0 is the legacy chain). */
export const MAX_AUDIT_CHAINS = 256;
/** The frozen chain of entries written before migration 1765300000000 (hashed without `chain`). */
export const LEGACY_CHAIN = 0;

/**
 * The chain of a key (a case or actor UUID): 1 + (first 4 bytes of sha256(lower-case key), as an
 * unsigned big-endian integer) mod `chains`. Stable across processes, versions and platforms.
 */
export function chainOf(key: string, chains: number): number {
  checkChainCount(chains);
  const digest = createHash('sha256').update(key.toLowerCase(), 'utf8').digest();
  return 1 + (digest.readUInt32BE(0) % chains);
}

/** Where an entry goes: the chain of its case, else of its actor, else chain 1. */
export function chainForEntry(entry: { caseId: string | null; actorId: string | null }, chains: number): number {
  if (entry.caseId) return chainOf(entry.caseId, chains);
  if (entry.actorId) return chainOf(entry.actorId, chains);
  checkChainCount(chains);
  return 1;
}

/** Parses CMIS_AUDIT_CHAINS: unset or empty gives the default; anything but an integer 1..256 throws. */
export function parseAuditChains(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_AUDIT_CHAINS;
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_AUDIT_CHAINS) {
    throw new RangeError(`CMIS_AUDIT_CHAINS must be an integer from 1 to ${MAX_AUDIT_CHAINS}, not ${JSON.stringify(raw)}`);
  }
  return n;
}

function checkChainCount(chains: number): void {
  if (!Number.isInteger(chains) || chains < 1 || chains > MAX_AUDIT_CHAINS) {
    throw new RangeError(`the number of audit chains must be an integer from 1 to ${MAX_AUDIT_CHAINS}, not ${chains}`);
  }
}
