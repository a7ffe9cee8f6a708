import { DataSource } from 'typeorm';
import { locationPaths } from '@app/sop';
import type { SopPack } from '@app/pack-types';

/** One synthetic case row for reporting tests: only what aggregates read. */
export interface SeedCase {
  caseType?: string;
  status?: 'open' | 'paused' | 'closed';
  step?: string;
  risk?: string | null;
  sex?: string | null;
  dateOfBirth?: string | null;
  registeredAt: string;
  location: string;
  agency?: string | null;
  team?: string | null;
  /** Username of the assigned worker. */
  assignedTo?: string | null;
  answers?: Record<string, Record<string, unknown>>;
  displayName?: string | null;
}

/**
 * Inserts cases (and deadlines, events) straight into the tables, so a reporting test controls
 * every date and value of its data set and can compute the expected figures by hand.
 */
export class ReportSeed {
  private seq = 0;
  private readonly paths: Map<string, string>;

  constructor(
    private readonly ds: DataSource,
    private readonly pack: SopPack,
    private readonly sopVersionId: number,
  ) {
    this.paths = locationPaths(pack.locations.root);
  }

  async userId(username: string): Promise<string> {
    const rows = await this.ds.query('SELECT id FROM users WHERE username = $1', [username]);
    if (!rows[0]) throw new Error(`no user ${username}`);
    return rows[0].id;
  }

  async cases(n: number, c: SeedCase): Promise<string[]> {
    const ids: string[] = [];
    const assigned = c.assignedTo ? await this.userId(c.assignedTo) : null;
    const creator = assigned ?? (await this.userId('caseworker'));
    for (let i = 0; i < n; i++) {
      this.seq++;
      const rows = await this.ds.query(
        `INSERT INTO cases (case_number, case_type, sop_version_id, step, status, risk, display_name, date_of_birth, sex,
           assigned_to, created_by, team_id, agency_id, location_code, location_path, answers, registered_at, updated_at, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18) RETURNING id`,
        [
          `SEED-${this.seq}`,
          c.caseType ?? 'child_protection',
          this.sopVersionId,
          c.step ?? 'initial_assessment',
          c.status ?? 'open',
          c.risk ?? null,
          c.displayName === undefined ? `Seedchild${this.seq} Seedfamily` : c.displayName,
          c.dateOfBirth ?? null,
          c.sex ?? null,
          assigned,
          creator,
          c.team ?? null,
          c.agency ?? null,
          c.location,
          this.paths.get(c.location),
          JSON.stringify(c.answers ?? {}),
          c.registeredAt,
          c.status === 'closed' ? c.registeredAt : null,
        ],
      );
      ids.push(rows[0].id);
    }
    return ids;
  }

  async deadline(
    caseId: string,
    definitionId: string,
    d: { dueAt: string; status: 'open' | 'met' | 'late' | 'missed' | 'cancelled'; closedAt?: string },
  ): Promise<void> {
    await this.ds.query(
      `INSERT INTO deadlines (case_id, key, definition_id, anchor_at, due_at, status, closed_at, created_at)
       VALUES ($1, $2, $3, $4, $4, $5, $6, $4)`,
      [caseId, `${definitionId}:${++this.seq}`, definitionId, d.dueAt, d.status, d.closedAt ?? null],
    );
  }

  async event(caseId: string, type: string, at: string, data: Record<string, unknown>): Promise<void> {
    await this.ds.query(
      `INSERT INTO case_events (case_id, seq, type, at, data)
       VALUES ($1, (SELECT COALESCE(max(seq), 0) + 1 FROM case_events WHERE case_id = $1), $2, $3, $4)`,
      [caseId, type, at, JSON.stringify(data)],
    );
  }
}
