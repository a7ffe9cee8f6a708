import type { OperatorRegistry } from '@app/rules';
import type { SopPack } from '@app/pack-types';
import { planDeadlines, type CaseSnapshot, type DeadlinePlan, type StoredDeadline } from '@app/workflow';

/** A deadline as the replay leaves it: what the deadlines table would hold had the pack been in force. */
export interface ReplayedDeadline extends StoredDeadline {
  definitionId: string;
}

/** A case as read for the replay: its current snapshot and, when closed, since when. */
export interface CaseHistory {
  snapshot: CaseSnapshot;
  closedAt: Date | null;
}

const at = (d: Date | null | undefined) => (d ? d.getTime() : Number.NaN);

/**
 * Every moment the case changed: registration, each step entered and left, each form first
 * completed, each transition, each referral sent or answered, its closure. The live system brings
 * deadlines in line at each of these (the change's transaction), so the replay plans at each too.
 */
export function changeMoments(h: CaseHistory, now: Date): Date[] {
  const s = h.snapshot;
  const times = [
    at(s.registeredAt),
    ...s.stepHistory.flatMap((v) => [at(v.enteredAt), at(v.leftAt)]),
    ...s.submissions.map((x) => at(x.firstCompletedAt)),
    ...(s.transitionsDone ?? []).map((x) => at(x.at)),
    ...(s.referrals ?? []).flatMap((r) => [at(r.sentAt), at(r.respondedAt)]),
    at(h.closedAt),
  ];
  const end = now.getTime();
  return [...new Set(times.filter((t) => Number.isFinite(t) && t <= end))].sort((a, b) => a - b).map((t) => new Date(t));
}

/**
 * The case as it stood at `t`, from what its rows keep: steps, forms, transitions and referrals
 * after `t` are taken away. Risk, answers and fields are as they are now (no history of them is kept),
 * so a deadline whose length follows a risk revised later is planned with the later risk from the start.
 */
export function snapshotAt(h: CaseHistory, t: Date): CaseSnapshot {
  const s = h.snapshot;
  const time = t.getTime();
  const upTo = (d: Date | null | undefined) => !!d && d.getTime() <= time;
  const visits = s.stepHistory.filter((v) => upTo(v.enteredAt)).map((v) => ({ ...v, leftAt: upTo(v.leftAt) ? v.leftAt : null }));
  const closed = s.status === 'closed' && (!h.closedAt || upTo(h.closedAt));
  return {
    ...s,
    step: visits.at(-1)?.step ?? s.step,
    status: s.status === 'closed' && !closed ? 'open' : s.status,
    stepHistory: visits,
    submissions: s.submissions.filter((x) => upTo(x.firstCompletedAt)),
    transitionsDone: (s.transitionsDone ?? []).filter((x) => upTo(x.at)),
    referrals: (s.referrals ?? [])
      .filter((r) => upTo(r.sentAt))
      .map((r) => (upTo(r.respondedAt) ? r : { ...r, respondedAt: null, status: r.status === 'revoked' ? r.status : 'sent' })),
    pendingApproval: null,
  };
}

/** Applies a plan to the replayed deadlines, as the live deadline sync applies it to the table. */
function apply(plan: DeadlinePlan, deadlines: Map<string, ReplayedDeadline>, t: Date): void {
  for (const c of plan.create) deadlines.set(c.key, { key: c.key, definitionId: c.definition.id, dueAt: c.dueAt, status: 'open', closedAt: null });
  for (const r of plan.reschedule) {
    const d = deadlines.get(r.key);
    if (d) d.dueAt = r.dueAt;
  }
  for (const c of plan.close) {
    const d = deadlines.get(c.key);
    if (d) Object.assign(d, { status: c.outcome, closedAt: c.closedAt });
  }
  for (const c of plan.cancel) {
    const d = deadlines.get(c.key);
    if (d) Object.assign(d, { status: 'cancelled', closedAt: t });
  }
}

/**
 * The deadlines a case would have had under `pack`: planned at each moment it changed, as the live
 * system did, then once more now. Pure: nothing is read or written.
 */
export function replayCaseDeadlines(pack: SopPack, h: CaseHistory, now: Date, operators?: OperatorRegistry): ReplayedDeadline[] {
  const deadlines = new Map<string, ReplayedDeadline>();
  for (const t of changeMoments(h, now)) apply(planDeadlines(pack, snapshotAt(h, t), [...deadlines.values()], t, operators), deadlines, t);
  apply(planDeadlines(pack, h.snapshot, [...deadlines.values()], now, operators), deadlines, now);
  return [...deadlines.values()];
}
