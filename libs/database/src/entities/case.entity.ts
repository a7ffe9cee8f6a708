import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('cases')
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'case_number' }) caseNumber: string;
  @Column({ name: 'case_type' }) caseType: string;
  @Column({ name: 'sop_version_id' }) sopVersionId: number;
  @Column() step: string;
  @Column() status: 'open' | 'paused' | 'closed';
  @Column({ type: 'text', nullable: true }) risk: string | null;
  @Column({ name: 'display_name', type: 'text', nullable: true }) displayName: string | null;
  @Column({ name: 'date_of_birth', type: 'date', nullable: true }) dateOfBirth: string | null;
  @Column({ type: 'text', nullable: true }) sex: string | null;
  @Column({ name: 'assigned_to', type: 'uuid', nullable: true }) assignedTo: string | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'team_id', type: 'text', nullable: true }) teamId: string | null;
  @Column({ name: 'agency_id', type: 'text', nullable: true }) agencyId: string | null;
  @Column({ name: 'location_code' }) locationCode: string;
  @Column({ name: 'location_path' }) locationPath: string;
  /** Latest complete-or-draft answers per form id (non-repeatable) — a read model of form_submissions. */
  @Column({ type: 'jsonb' }) answers: Record<string, Record<string, unknown>>;
  @Column({ type: 'jsonb' }) fields: Record<string, unknown>;
  @Column({ name: 'step_history', type: 'jsonb' }) stepHistory: Array<{ step: string; enteredAt: string; leftAt: string | null }>;
  @Column({ name: 'transitions_done', type: 'jsonb' }) transitionsDone: Array<{ transitionId: string; at: string }>;
  @Column() version: number;
  @Column({ name: 'registered_at', type: 'timestamptz' }) registeredAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
}

@Entity('case_links')
export class CaseLinkEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId: string;
  @PrimaryColumn({ name: 'linked_case_id', type: 'uuid' }) linkedCaseId: string;
  @PrimaryColumn() kind: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('form_submissions')
export class FormSubmissionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'form_id' }) formId: string;
  @Column({ name: 'form_version' }) formVersion: number;
  @Column() status: 'draft' | 'complete';
  @Column({ type: 'jsonb' }) answers: Record<string, unknown>;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_by', type: 'uuid' }) updatedBy: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;
  @Column({ name: 'first_completed_at', type: 'timestamptz', nullable: true }) firstCompletedAt: Date | null;
}

@Entity('case_events')
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column() seq: number;
  @Column() type: string;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'timestamptz' }) at: Date;
  @Column({ type: 'jsonb' }) data: Record<string, unknown>;
}

@Entity('approvals')
export class ApprovalEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column({ name: 'transition_id' }) transitionId: string;
  @Column() status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy: string;
  @Column({ name: 'requested_at', type: 'timestamptz' }) requestedAt: Date;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ type: 'text', nullable: true }) comment: string | null;
}

@Entity('deadlines')
export class DeadlineEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId: string;
  @Column() key: string;
  @Column({ name: 'definition_id' }) definitionId: string;
  @Column({ name: 'anchor_at', type: 'timestamptz' }) anchorAt: Date;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  /** met: kept on time; late: kept after due; missed: fell due, then stopped applying unkept; cancelled: stopped applying before due. */
  @Column() status: 'open' | 'met' | 'late' | 'missed' | 'cancelled';
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** When the scheduler marked it overdue (it stays open until the work is done). */
  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true }) overdueAt: Date | null;
  /** Its due date was kept when the case moved to a new SOP version: never re-planned after (migration 1766520000000). */
  @Column({ name: 'due_kept', default: false }) dueKept: boolean;
}
