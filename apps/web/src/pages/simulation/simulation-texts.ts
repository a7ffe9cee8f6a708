/** The simulation page's texts (simulation-*.json) and the API's answers it shows. */
import type { ApiResponse } from '../../api-types';
import { Messages, translate } from '../../i18n';
import ar from '../../locales/simulation-ar.json';
import en from '../../locales/simulation-en.json';
import fr from '../../locales/simulation-fr.json';
import ro from '../../locales/simulation-ro.json';
import { useApp } from '../../session';

const MESSAGES: Record<string, Messages> = { en, fr, ar, ro };

export type SimulationT = (key: string, vars?: Record<string, string | number>) => string;

export function useSimulationT(): SimulationT {
  const { locale } = useApp();
  return (key, vars) => translate(locale, key, vars, MESSAGES);
}

export type SimulationResult = ApiResponse<'SopSimulationController_simulateDraft'>;
export type SimulationStep = SimulationResult['steps'][number];
export type FormPreview = ApiResponse<'SopSimulationController_previewDraftForm'>;

/** A thing done to the synthetic case after its registration, as the API takes it. */
export type SimulationAction =
  { kind: 'transition'; role: string; transition: string } | { kind: 'fill'; role: string; form: string; answers: Record<string, unknown> };

/** Where the simulation runs: `/api/sop/drafts/:id` or `/api/sop/versions/:id`. */
export interface SimulationSource {
  kind: 'drafts' | 'versions';
  id: number;
}
