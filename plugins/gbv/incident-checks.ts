import type { PluginFormProblem } from '@app/plugin-sdk';

/**
 * The latest date an answer may hold. The pack's time zone is not known here, and a worker east of
 * UTC is already "tomorrow" for a while after UTC midnight: one day of slack.
 */
export function latestAllowedDate(now: Date): string {
  return new Date(now.getTime() + 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/**
 * What the form's schema cannot check: dates not in the future, the incident not after its report,
 * and the area a location code of the pack. Run after the schema check (dates are well formed then).
 */
export function incidentProblems(answers: Record<string, unknown>, now: Date, isKnownLocation: (code: string) => boolean): PluginFormProblem[] {
  const problems: PluginFormProblem[] = [];
  const latest = latestAllowedDate(now);
  const incident = typeof answers.incident_date === 'string' ? answers.incident_date : null;
  const reported = typeof answers.date_reported === 'string' ? answers.date_reported : null;
  // ISO dates compare as strings.
  if (incident && incident > latest) problems.push({ path: '/incident_date', message: 'is in the future' });
  if (reported && reported > latest) problems.push({ path: '/date_reported', message: 'is in the future' });
  if (incident && reported && incident > reported) {
    problems.push({ path: '/date_reported', message: 'is before the date of the incident' });
  }
  if (typeof answers.area === 'string' && !isKnownLocation(answers.area)) {
    problems.push({ path: '/area', message: 'is not a location code of the pack' });
  }
  return problems;
}
