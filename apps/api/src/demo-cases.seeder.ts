import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseFormsService, CaseRegistrationService, CaseWorkflowService } from '@app/cases';
import { CurrentUser, toCurrentUser, UsersRepository } from '@app/identity';

/**
 * A few demo cases of the Moldova reference pack at different steps, registered through the same
 * services as real users (so they carry real numbers, events and deadlines). Only in demo mode.
 */
@Injectable()
export class DemoCasesSeeder {
  constructor(
    private readonly ds: DataSource,
    private readonly users: UsersRepository,
    private readonly registration: CaseRegistrationService,
    private readonly forms: CaseFormsService,
    private readonly workflow: CaseWorkflowService,
  ) {}

  async seedIfEmpty(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM cases`);
    if (n > 0) return 0;
    const police = await this.user('police');
    const worker = await this.user('caseworker');
    if (!police || !worker) return 0;

    await this.registration.register(police, { caseType: 'notification', answers: {
      reporter_type: 'police', reporter_name: 'Ion Rusu', child_description: 'Boy, about 10, seen begging at the market every day',
      concern_types: ['neglect'], concern_description: 'Child out of school and alone late at night.', immediate_danger: false,
    } });
    const children = [
      { first_name: 'Andrei', last_name: 'Popescu', sex: 'male', date_of_birth: '2015-04-12', risk: 'medium' },
      { first_name: 'Maria', last_name: 'Ciobanu', sex: 'female', date_of_birth: '2012-09-30', risk: 'low' },
      { first_name: 'Victor', last_name: 'Lungu', sex: 'male', date_of_birth: '2018-01-05', risk: null },
    ];
    for (const c of children) {
      const { caseId } = await this.registration.register(worker, { caseType: 'child_protection', answers: {
        first_name: c.first_name, last_name: c.last_name, sex: c.sex, date_of_birth: c.date_of_birth,
        consent_status: 'given', assent_status: 'given',
      } });
      if (!c.risk) continue;
      let moved = await this.workflow.perform(worker, { caseId, transitionId: 'start_assessment', expectedVersion: 1, locale: 'en' });
      await this.forms.fill(worker, { caseId, formId: 'initial_assessment', status: 'complete', expectedVersion: moved.version, answers: {
        assessment_date: new Date().toISOString().slice(0, 10), risk_level: c.risk, summary: 'Demo assessment.',
      } });
    }
    return 1 + children.length;
  }

  private async user(username: string): Promise<CurrentUser | null> {
    const row = await this.users.findByUsernameWithHash(username);
    return row ? toCurrentUser(row) : null;
  }
}
