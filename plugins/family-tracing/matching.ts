/** Compares a request with the children index and stores the candidates (when recorded, and hourly). */
import type { PluginDb, PluginLocations } from '@app/plugin-sdk';
import { prefilterCandidates, saveCandidates, ScoredCandidate } from './match-repository';
import { childrenIndexedSince, openRequests, RequestRow, setLastMatched } from './repository';
import { soughtChildOf } from './request-answers';
import { scoreCandidate } from './scoring';
import type { FamilyTracingSettings } from './settings';

interface MatchingContext {
  db: PluginDb;
  locations: PluginLocations;
  settings: FamilyTracingSettings;
  now: Date;
}

/** More than any request can keep: the pre-filter's best names, scored in JS. */
const PREFILTER_LIMIT = 500;
/** Requests compared per job run (the rest wait for the next run, least recently matched first). */
const REQUESTS_PER_RUN = 200;
/**
 * A child indexed in a transaction that commits after a run started is not seen by that run; the
 * next run looks this far back again (comparing a child twice is harmless: candidates are upserted).
 */
export const REMATCH_OVERLAP_MS = 15 * 60_000;

/** Scores children (indexed after `since`, or all) against the request; returns the case ids newly proposed. */
export async function matchRequest(ctx: MatchingContext, request: RequestRow, since: Date | null): Promise<string[]> {
  const { settings } = ctx;
  const rows = await prefilterCandidates(ctx.db, {
    requestId: request.id,
    nameNorm: request.name_norm,
    phoneticKeys: request.phonetic_keys,
    sex: request.sex,
    threshold: settings.nameSimilarityThreshold,
    since,
    limit: PREFILTER_LIMIT,
  });
  const sought = soughtChildOf(request);
  const options = {
    ageToleranceYears: settings.ageToleranceYears,
    locationLevels: settings.locationLevels,
    // Reasons are stored in English (the language of the audit trail); the UI shows them as they are.
    labelOf: (code: string) => ctx.locations.label(code, 'en'),
  };
  const scored: ScoredCandidate[] = [];
  for (const row of rows) {
    const child = {
      fullName: row.full_name,
      phoneticKeys: row.phonetic_keys,
      sex: row.sex,
      dateOfBirth: row.date_of_birth,
      locationPath: row.location_path.split('.'),
    };
    const result = scoreCandidate(sought, child, Number(row.name_similarity), options);
    if (result.excluded || result.score < settings.minScore) continue;
    scored.push({ caseId: row.case_id, score: result.score, nameSimilarity: Number(row.name_similarity), reasons: result.reasons });
  }
  scored.sort((a, b) => b.score - a.score || a.caseId.localeCompare(b.caseId));
  const kept = scored.slice(0, settings.maxCandidates);
  const added = await saveCandidates(ctx.db, request.id, kept, since, settings.maxCandidates, ctx.now);
  await setLastMatched(ctx.db, request.id, ctx.now);
  return added;
}

/** The scheduled job: open requests against the children indexed since each was last compared. */
export async function rematchOpenRequests(ctx: MatchingContext): Promise<{ requests: number; proposed: number }> {
  let requests = 0;
  let proposed = 0;
  for (const request of await openRequests(ctx.db, REQUESTS_PER_RUN)) {
    const since = request.last_matched_at ? new Date(new Date(request.last_matched_at).getTime() - REMATCH_OVERLAP_MS) : null;
    if (since && !(await childrenIndexedSince(ctx.db, since))) {
      await setLastMatched(ctx.db, request.id, ctx.now);
      continue;
    }
    requests++;
    proposed += (await matchRequest(ctx, request, since)).length;
  }
  return { requests, proposed };
}
