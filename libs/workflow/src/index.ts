export * from './engine.types';
export { REFERRAL_STATUSES, type ReferralStatus } from './referral-statuses';
export { buildRuleData, completeSubmissions, latestComplete, locationIndex } from './rule-data';
export { listTransitions, decideTransition, decideApproval, requiredEntries } from './transitions';
export { reason } from './messages';
export { formAvailability, fillableForms } from './forms-access';
export { EffectRegistry, defaultEffects, knownEffectTypes, runEffects, type EffectContext, type EffectHandler, type EffectResult } from './effects';
export { addDuration, subtractDuration, isWorkingDay, DEFAULT_CALENDAR } from './durations';
export { workCalendar, parseOfficeHours, WEEKDAY_KEYS, type WorkCalendar, type Period, type OfficeHoursProblem } from './work-calendar';
export { planDeadlines, deadlineAlerts, scheduleAlerts, dueDate } from './deadlines';
export { transitionsFrom, leavesFrom, resolveTarget, statusForKind, findStep, findTransition } from './pack-queries';
export {
  applicableChecks,
  dataQualityFailures,
  caseDataQualityFailures,
  withFormAnswers,
  isRepeatableForm,
  type DataQualityFailure,
  type DataQualityOptions,
} from './data-quality';
