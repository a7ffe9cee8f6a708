/**
 * The audit log page's texts (audit-*.json, falling back to the app's), the API's shapes for it, and
 * actions in words: a known action by its own text, else by the words of its family (`case.`…), else as recorded.
 */
import type { ApiResponse } from '../api-types';
import { Messages, translate } from '../i18n';
import auditAr from '../locales/audit-ar.json';
import auditEn from '../locales/audit-en.json';
import auditFr from '../locales/audit-fr.json';
import auditRo from '../locales/audit-ro.json';
import { useApp } from '../session';

const AUDIT_MESSAGES: Record<string, Messages> = { en: auditEn, fr: auditFr, ar: auditAr, ro: auditRo };

export type AuditT = (key: string, vars?: Record<string, string | number>) => string;

export function auditTranslate(locale: string, key: string, vars: Record<string, string | number> = {}): string {
  return translate(locale, key, vars, AUDIT_MESSAGES);
}

export function useAuditT(): AuditT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, AUDIT_MESSAGES);
}

export type AuditLogPage = ApiResponse<'AuditLogController_search'>;
export type AuditLogEntry = AuditLogPage['entries'][number];
export type AuditChainStatus = ApiResponse<'AuditLogController_status'>;
export type ActorChoice = ApiResponse<'AuditLogController_actors'>[number];

/** Actions the filter offers, by the start of their name (most specific first where they overlap). */
export const ACTION_CHOICES = [
  'case.case_registered',
  'case.read',
  'case.search',
  'case.form_',
  'case.export',
  'case.',
  'auth.',
  'user.',
  'report.',
  'audit_log.',
];

/** The action in words: its own text, else its family's with the action as recorded. */
export function actionInWords(t: AuditT, action: string): string {
  const own = `audit.action.${action}`;
  const text = t(own);
  if (text !== own) return text;
  const family = `audit.action.${action.slice(0, action.indexOf('.') + 1)}`;
  const familyText = action.includes('.') ? t(family) : family;
  return familyText !== family ? `${familyText}: ${action}` : action;
}

/**
 * The instant a calendar day (`YYYY-MM-DD`) starts in `timeZone`: the date range the auditor picks is
 * in the zone the times are shown in. Two passes settle the offset across a change of daylight time.
 */
export function startOfDayIn(day: string, timeZone?: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - offsetAt(new Date(guess), timeZone);
  return new Date(guess - offsetAt(new Date(first), timeZone));
}

function offsetAt(at: Date, timeZone?: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - Math.floor(at.getTime() / 1000) * 1000;
}
