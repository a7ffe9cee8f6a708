import { Injectable } from '@nestjs/common';
import { AuditService, entryBy } from '@app/audit';
import { DomainError } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { SopRegistry } from '@app/sop-registry';
import { grantsOf } from './administer-scope';
import { columnOf, duplicatesInFile, readPeopleFile, rowProblems, type ImportColumns, type ImportProblem, type ImportRow } from './people-import';
import { PeopleImportRepository } from './people-import.repository';
import { PeopleService } from './people.service';

/** A created user's one-time set-password code, shown to the administrator once (only its hash is kept). */
export interface ImportedPasswordCode {
  row: number;
  userId: string;
  username: string;
  displayName: string;
  code: string;
  expiresAt: string;
}

/** The outcome of a check (`dryRun`: nothing created) or of an import. */
export interface PeopleImportReport {
  dryRun: boolean;
  /** Users in the file (rows after the header, blank ones left out). */
  rows: number;
  /** Rows that would be (dry run) or were created. */
  valid: number;
  created: number;
  /** Every problem of every bad row, in the order of the file. */
  problems: ImportProblem[];
  /** Empty for a dry run. */
  passwordCodes: ImportedPasswordCode[];
}

/**
 * Creates many users from a CSV file. Every row is checked as creating one user checks it (the pack's
 * roles, places, agencies and teams, the administrator's reach, a taken username), plus a username
 * twice in the file. The real run creates every good row, each in its own transaction through
 * PeopleService.create (so audited and given a code exactly as one user is), and reports the bad
 * ones: an administrator fixes those rows and imports them again. One `user.import` entry counts it.
 */
@Injectable()
export class PeopleImportService {
  constructor(
    private readonly people: PeopleService,
    private readonly repo: PeopleImportRepository,
    private readonly registry: SopRegistry,
    private readonly audit: AuditService,
  ) {}

  async import(admin: CurrentUser, csv: string, options: { dryRun: boolean }): Promise<PeopleImportReport> {
    const { good, problems, rows, columns } = await this.check(admin, csv);
    if (options.dryRun) return { dryRun: true, rows, valid: good.length, created: 0, problems, passwordCodes: [] };

    const passwordCodes: ImportedPasswordCode[] = [];
    for (const row of good) {
      try {
        const { user, passwordCode } = await this.people.create(admin, row.input);
        passwordCodes.push({ row: row.row, userId: user.id, username: user.username, displayName: user.displayName, ...passwordCode });
      } catch (e) {
        // Another administrator took the username meanwhile, or the pack changed: this row is reported, the others go on.
        if (!(e instanceof DomainError) || !e.extra.errors) throw e;
        problems.push(...e.extra.errors.map((f) => ({ row: row.row, column: columnOf(f.path, columns), code: f.keyword ?? 'invalid', message: f.message })));
      }
    }
    problems.sort((a, b) => a.row - b.row);
    const refusedRows = new Set(problems.map((p) => p.row)).size;
    await this.audit.record(entryBy(admin, { action: 'user.import', details: { rows, created: passwordCodes.length, refusedRows } }));
    return { dryRun: false, rows, valid: passwordCodes.length, created: passwordCodes.length, problems, passwordCodes };
  }

  private async check(admin: CurrentUser, csv: string): Promise<{ good: ImportRow[]; problems: ImportProblem[]; rows: number; columns: ImportColumns }> {
    const { pack } = await this.registry.current();
    const grants = grantsOf(pack, admin);
    const file = readPeopleFile(pack, csv);
    const problems = [...file.problems, ...duplicatesInFile(file.usernames, file.columns)];
    const taken = await this.repo.takenUsernames(file.usernames.map((u) => u.username));
    for (const { row, username } of file.usernames) {
      if (taken.has(username)) problems.push({ row, column: file.columns.username ?? 'username', code: 'username_taken', message: 'is taken' });
    }
    // A cell already reported as missing or malformed is not reported again as unknown to the pack.
    const reported = new Set(file.problems.map((p) => `${p.row}/${p.column}`));
    for (const row of file.rows) problems.push(...rowProblems(pack, grants, row, file.columns).filter((p) => !reported.has(`${p.row}/${p.column}`)));
    problems.sort((a, b) => a.row - b.row);
    const bad = new Set(problems.map((p) => p.row));
    return { good: file.rows.filter((r) => !bad.has(r.row)), problems, rows: file.count, columns: file.columns };
  }
}
