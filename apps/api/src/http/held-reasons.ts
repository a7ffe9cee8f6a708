import { localizeProblem, type Problem } from './problem-texts';

interface Reason {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * A held offline change's reason in the user's language. The sync's own reasons (`sync_*`) are worded
 * by the app from their code and details; a refusal (a validation, a permission, a guard) is the
 * problem the same request online would have answered: its detail, and each field at fault by its
 * label, localized as the problem filter does.
 */
export function localizeHeldReason<R extends Reason>(reason: R, locale: string): R {
  if (reason.code.startsWith('sync_')) return reason;
  const details = reason.details ?? {};
  const problem: Problem = { type: 'about:blank', title: reason.message, status: 0, detail: reason.message, ...details, code: reason.code };
  const localized = localizeProblem(problem, locale);
  return {
    ...reason,
    message: localized.detail,
    ...(reason.details
      ? { details: { ...details, ...(localized.errors ? { errors: localized.errors } : {}), ...(localized.reasons ? { reasons: localized.reasons } : {}) } }
      : {}),
  };
}

/** The same for every reason of a list or of sync outcomes (those without one, applied, unchanged). */
export function withLocalizedReasons<T extends object>(items: T[], locale: string): T[] {
  return items.map((item) => {
    const reason = (item as { reason?: Reason }).reason;
    return reason ? { ...item, reason: localizeHeldReason(reason, locale) } : item;
  });
}
