/**
 * Transitions offline, from the workflow engine on the device (offline-transitions.ts) with the
 * workflow of the case's pack version kept on the device (GET /api/sync/workflow?version=, kept when
 * the case was). Null when the device has no workflow for that version: the page then says the
 * transitions cannot be loaded offline, rather than guess.
 */
import type { CaseTransition, CaseView, Me } from '../api-types';
import { offlineStore } from './offline-store';
import type { OfflineWorkflowBundle } from './offline-transitions';

export type OfflineTransitionOption = CaseTransition & {
  /** The case after taking it at `at` (for the device's copy until sync); absent when it cannot be taken. */
  after?: (at: string) => CaseView;
};

export async function offlineTransitions(view: CaseView, me: Me, locale: string): Promise<OfflineTransitionOption[] | null> {
  const bundle = await offlineStore.answer<OfflineWorkflowBundle>(`/api/sync/workflow?version=${view.sopVersionId}`);
  if (!bundle) return null;
  // The engine is loaded when a transition is first asked for offline, not with the first page.
  const { applyOfflineTransition, offlineTransitionOptions } = await import('./offline-transitions');
  return offlineTransitionOptions(bundle, view, me, locale).map((o) => ({
    ...o,
    ...(o.available ? { after: (at: string) => applyOfflineTransition(bundle, view, o.id, me, new Date(at), locale) } : {}),
  }));
}
