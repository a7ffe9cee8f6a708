import type { FieldAccess } from '@app/forms';
import type { Reason } from '@app/workflow';

/** One thing done to the synthetic case, as one role, at a simulated moment (default: the previous action's). */
export type SimulationAction =
  | { kind: 'fill'; role: string; form: string; answers: Record<string, unknown>; at?: string }
  | { kind: 'transition'; role: string; transition: string; at?: string }
  | { kind: 'approve' | 'reject'; role: string; at?: string };

export interface SimulationCommand {
  caseType: string;
  /** The role registering the case. */
  role: string;
  /** Answers to the case type's start form. */
  answers: Record<string, unknown>;
  /** When the case is registered on the simulated clock (ISO date-time); default now. */
  startAt?: string;
  actions?: SimulationAction[];
  /** Roles whose view (transitions, fields) each step reports; default every role of the pack. */
  viewers?: string[];
}

export interface SimulatedDeadline {
  key: string;
  deadline: string;
  label: string;
  anchorAt: string;
  dueAt: string;
  /** Hours from the action that set it to its due time, for reading "48 h". */
  hoursAfterAction: number;
  status: 'open' | 'met' | 'late' | 'missed' | 'cancelled';
}

export interface SimulatedMessage {
  template: string;
  /** Who the pack names (`case_owner`, `case_owner_supervisor`, a role id) and the roles that means on this case. */
  notify: string;
  roles: Array<{ id: string; label: string }>;
  channels: string[];
  subject: string;
  text: string;
}

export interface SimulatedAlert {
  deadlineKey: string;
  kind: 'reminder' | 'overdue' | 'escalation';
  at: string;
  status: 'pending' | 'skipped';
  messages: SimulatedMessage[];
}

export interface RoleTransitions {
  role: string;
  label: string;
  transitions: Array<{ id: string; label: string; available: boolean; needsApproval: boolean; reasons: Reason[] }>;
}

export interface RoleFields {
  role: string;
  label: string;
  /** Per form with answers on the case: each field's access for this role. */
  forms: Record<string, Record<string, FieldAccess>>;
}

/** What the case looks like after one action, in the requested language. */
export interface SimulationStep {
  index: number;
  action: { kind: 'register' | SimulationAction['kind']; role: string; form?: string; transition?: string };
  at: string;
  step: { id: string; label: string };
  status: string;
  risk: string | null;
  pendingApproval: string | null;
  deadlines: {
    set: SimulatedDeadline[];
    rescheduled: SimulatedDeadline[];
    closed: SimulatedDeadline[];
    /** Every deadline of the case after the action. */
    all: SimulatedDeadline[];
  };
  alerts: SimulatedAlert[];
  transitions: RoleTransitions[];
  fields: RoleFields[];
}

export interface SimulationResult {
  source: { kind: 'draft' | 'version'; id: number };
  caseType: string;
  steps: SimulationStep[];
  /** What the simulation assumes of people: every role holder is within the case's reach. */
  assumption: string;
}

export interface FormPreview {
  formId: string;
  title: string;
  role: string;
  caseType: string;
  step: string;
  fields: Array<{ field: string; label: string; access: FieldAccess; sensitive: boolean }>;
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  assumption: string;
}
