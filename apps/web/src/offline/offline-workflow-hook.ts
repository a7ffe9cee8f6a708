/**
 * Transitions offline, from the workflow engine on the device (offline-transitions.ts) with the
 * workflow of the case's pack version kept on the device. Null when the device has no workflow for it.
 */
import type { CaseView, Me } from '../api-types';

export interface OfflineTransitionOption {
  id: string;
  available: boolean;
  /** The case after taking it now (for the device's copy until sync). */
  after?: (at: string) => CaseView;
  [field: string]: unknown;
}

export async function offlineTransitions(_view: CaseView, _me: Me, _locale: string): Promise<OfflineTransitionOption[] | null> {
  return null;
}
