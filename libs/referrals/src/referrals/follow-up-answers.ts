import { DomainError, pickLabel } from '@app/core';
import type { FollowUpAskedWhen, FollowUpQuestionDef, OptionDef, SopPack } from '@app/pack-types';

/** An answer to one of the pack's follow-up questions: yes/no, an option value, or text. */
export type FollowUpAnswer = boolean | string;

const TEXT_MAX = 2000;

const questionsOf = (pack: SopPack): FollowUpQuestionDef[] => pack.services.followUpQuestions ?? [];
const optionsOf = (pack: SopPack, q: FollowUpQuestionDef): OptionDef[] => q.options ?? (q.optionList ? pack.optionLists[q.optionList] : undefined) ?? [];
/** Questions are about the service unless the pack says otherwise: asked only when it was received. */
const askedWhenOf = (q: FollowUpQuestionDef): FollowUpAskedWhen => q.askedWhen ?? 'serviceReceived';

/** Whether the follow-up asks this question, given whether the service was received. */
export function isFollowUpQuestionAsked(q: FollowUpQuestionDef, serviceReceived: boolean): boolean {
  return askedWhenOf(q) === 'always' || serviceReceived;
}

/**
 * The answers to the pack's follow-up questions (services.json `followUpQuestions`), checked all at
 * once: an unknown question, an answer to a question not asked (`askedWhen`: questions about the
 * service are not asked when it was not received), a wrong type, an option not offered, text too
 * long or a required question that is asked left out is a 400 naming each field at fault
 * (`/answers/<id>`); nothing is saved then. Empty text and null count as no answer; text is trimmed.
 */
export function checkFollowUpAnswers(pack: SopPack, given: Record<string, unknown> | undefined, serviceReceived: boolean): Record<string, FollowUpAnswer> {
  const questions = questionsOf(pack);
  const byId = new Map(questions.map((q) => [q.id, q]));
  const errors: Array<{ path: string; message: string }> = [];
  const answers: Record<string, FollowUpAnswer> = {};
  for (const [id, value] of Object.entries(given ?? {})) {
    const path = `/answers/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const q = byId.get(id);
    if (!q) {
      errors.push({ path, message: `not a follow-up question of this pack (questions: ${questions.map((x) => x.id).join(', ') || 'none'})` });
      continue;
    }
    if (value === null || (typeof value === 'string' && q.type === 'text' && !value.trim())) continue;
    if (!isFollowUpQuestionAsked(q, serviceReceived)) {
      errors.push({ path, message: 'not asked when the service was not received (askedWhen: serviceReceived)' });
      continue;
    }
    if (q.type === 'boolean') {
      if (typeof value !== 'boolean') errors.push({ path, message: 'must be true or false' });
      else answers[id] = value;
    } else if (q.type === 'option') {
      const values = optionsOf(pack, q).map((o) => o.value);
      if (typeof value !== 'string' || !values.includes(value)) errors.push({ path, message: `must be one of: ${values.join(', ')}` });
      else answers[id] = value;
    } else {
      const max = q.maxLength ?? TEXT_MAX;
      if (typeof value !== 'string') errors.push({ path, message: 'must be text' });
      else if (value.trim().length > max) errors.push({ path, message: `must be at most ${max} characters` });
      else answers[id] = value.trim();
    }
  }
  for (const q of questions) {
    if (q.required && isFollowUpQuestionAsked(q, serviceReceived) && answers[q.id] === undefined && !errors.some((e) => e.path === `/answers/${q.id}`)) {
      errors.push({ path: `/answers/${q.id}`, message: 'an answer is required' });
    }
  }
  if (errors.length) throw new DomainError('validation_failed', 'The follow-up answers do not match the questions of the pack; nothing was saved.', { errors });
  return answers;
}

/**
 * The pack's follow-up questions in the reader's language, for a form that asks them: `askedWhen`
 * tells it which to show once the worker says whether the service was received.
 */
export function followUpQuestionsView(pack: SopPack, locale: string) {
  return questionsOf(pack).map((q) => ({
    id: q.id,
    type: q.type,
    label: pickLabel(q.label, locale),
    required: q.required === true,
    askedWhen: askedWhenOf(q),
    ...(q.type === 'option' ? { options: optionsOf(pack, q).map((o) => ({ value: o.value, label: pickLabel(o.label, locale) })) } : {}),
    ...(q.type === 'text' ? { maxLength: q.maxLength ?? TEXT_MAX } : {}),
  }));
}

/**
 * Recorded answers as the reader reads them: the question's label and, for an option, its label
 * (booleans stay booleans for the reader's yes/no), in the pack's order. A question the pack no longer
 * asks keeps its id as its label.
 */
export function followUpAnswersView(pack: SopPack, answers: Record<string, FollowUpAnswer> | null, locale: string) {
  const byId = new Map(questionsOf(pack).map((q) => [q.id, q]));
  // In the order the pack asks them (stored answers have no order), then any the pack no longer asks.
  const order = [...byId.keys()];
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return Object.entries(answers ?? {})
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([id, value]) => {
      const q = byId.get(id);
      const option = q?.type === 'option' ? optionsOf(pack, q).find((o) => o.value === value) : undefined;
      return { id, label: q ? pickLabel(q.label, locale) : id, value, ...(option ? { valueLabel: pickLabel(option.label, locale) } : {}) };
    });
}
