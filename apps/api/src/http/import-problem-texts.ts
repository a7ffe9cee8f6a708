import { formatMessage } from '@app/core';
import type { ImportProblem } from '@app/people';
import { PROBLEM_TEXTS } from './problem-texts';

/**
 * The problems of an import's rows in the user's language: each reason by its stable code, as a
 * field error of the same keyword is worded when one user is refused. English is the message as written.
 */
export function localizeImportProblems(problems: ImportProblem[], locale: string): ImportProblem[] {
  const texts = Object.prototype.hasOwnProperty.call(PROBLEM_TEXTS, locale) ? PROBLEM_TEXTS[locale] : undefined;
  if (!texts) return problems.map(({ params: _p, ...p }) => p);
  return problems.map(({ params, ...p }) => {
    const template = Object.prototype.hasOwnProperty.call(texts.reasons, p.code) ? texts.reasons[p.code] : undefined;
    return { ...p, message: (template !== undefined ? formatMessage(template, locale, params ?? {}) : undefined) ?? texts.reasons.invalid };
  });
}
