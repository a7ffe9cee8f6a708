import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { DomainError } from '@app/core';
import { CaseEntity, CaseLinkEntity } from '@app/database';
import { ActiveGrants, activeGrantsJsonSql, grantsOf } from './case-grants.repository';
import { type CaseViewParts, toViewParts, viewPartsSelects } from './case-records.repository';

export interface CaseListFilters {
  step?: string;
  status?: string;
  /** The risk level, matched only on cases where `readable` says the user may read it. */
  risk?: { value: string; readable: CasePredicate };
  /** Whether the case has an open deadline past due among those `visible` selects (the ones the user may see). */
  overdue?: { value: boolean; visible: CasePredicate };
  assignedTo?: string;
  /** Cases of this team (the supervisor's team list). */
  teamId?: string;
  caseType?: string;
  /** The case's location is this one or below it (a location path prefix). */
  locationPath?: string;
  /** Whether the case has a flag not removed (every reader of a case sees its flags, so this tells nothing more). */
  flagged?: boolean;
  /** Case number prefix, or part of the child's name (matched only where the name may be read). */
  search?: { text: string; nameReadable: CasePredicate };
}

/** An SQL predicate over the cases table aliased `c` with its named parameters (from the permission rules). */
export interface CasePredicate {
  sql: string;
  params: Record<string, unknown>;
}

export interface Page {
  page: number;
  pageSize: number;
}

/**
 * Orders a list may take: each one an index reads in order (cases_updated_idx (updated_at DESC, id),
 * cases_registered_idx (registered_at, id), forwards or backwards), so a page of a million cases
 * stops at its end instead of sorting them all.
 */
export const CASE_LIST_SORTS = ['updated', 'updated_asc', 'registered', 'registered_asc'] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];
const ORDER: Record<CaseListSort, [string, 'ASC' | 'DESC', 'ASC' | 'DESC']> = {
  updated: ['c.updatedAt', 'DESC', 'ASC'],
  updated_asc: ['c.updatedAt', 'ASC', 'DESC'],
  registered: ['c.registeredAt', 'DESC', 'DESC'],
  registered_asc: ['c.registeredAt', 'ASC', 'ASC'],
};

export interface CaseList {
  items: CaseEntity[];
  /** Matching cases, counted up to `countCap(page)`. */
  total: number;
  /** False when more cases match than were counted: there are more than `total`. */
  totalExact: boolean;
}

/** How many matching cases a list counts: enough to say "more than 1000", and always past the page asked for (so a next page is known). */
export function countCap(page: Page): number {
  return Math.max(1000, page.page * page.pageSize);
}

/**
 * A name matches a search when its normalised form (cases.name_key: lower case, no accents, see the
 * migration CaseNameSearch1766280000000) has every word of the search, normalised alike: contained
 * in it, or a word at least NAME_SIMILARITY alike in trigrams (pg_trgm's strict_word_similarity: one
 * typo in a surname passes, "Ciobanou" finds Ciobanu, "Ada" does not find Dora). Results rank by the
 * similarity of the whole search.
 *
 * The trigram index is asked only for words of INDEXED_WORD_LENGTH letters or more (`LIKE`, and
 * `%>>` at the threshold searchPage sets to NAME_SIMILARITY), or for the longest word when none is
 * that long; shorter words are the same tests in forms no index serves (strpos, the similarity
 * function), checked on the other words' matches only. A word of three letters has four trigrams,
 * two of which make it "similar": "Ana" drew 170,000 candidates of 1,000,000 from the index and cost
 * more than the rest of the search (issue 18).
 */
const NAME_SIMILARITY = 0.5;
/** Words of a search matched at most (a name has a few; more add cost, not precision). */
const MAX_SEARCH_WORDS = 6;
/** Words at least this long are looked up in the trigram index (see above). */
const INDEXED_WORD_LENGTH = 4;

function nameMatch(text: string): { sql: string; rank: string; params: Record<string, unknown> } | null {
  const words = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, MAX_SEARCH_WORDS);
  if (words.length === 0) return null;
  const longest = words.reduce((best, word, i) => (word.length > words[best].length ? i : best), 0);
  const params: Record<string, unknown> = { nameSimilarity: NAME_SIMILARITY, searchWords: words.join(' ') };
  const parts = words.map((word, i) => {
    params[`searchWord${i}`] = word;
    const key = `public.cmis_name_key(:searchWord${i})`;
    // A key is letters, digits and spaces, so it holds no LIKE wildcard: strpos tests the same containment.
    const test =
      word.length >= INDEXED_WORD_LENGTH || i === longest
        ? `c.name_key LIKE '%' || ${key} || '%' OR c.name_key %>> ${key}`
        : `strpos(c.name_key, ${key}) > 0 OR strict_word_similarity(${key}, c.name_key) >= :nameSimilarity`;
    return `(${key} <> '' AND (${test}))`;
  });
  return { sql: `(${parts.join(' AND ')})`, rank: 'strict_word_similarity(public.cmis_name_key(:searchWords), c.name_key)', params };
}

/** The only place that reads and writes case rows, case numbers and case links. */
@Injectable()
export class CasesRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(em: EntityManager, row: Partial<CaseEntity>): Promise<CaseEntity> {
    const repo = em.getRepository(CaseEntity);
    return repo.save(repo.create(row));
  }

  findById(id: string, em: EntityManager = this.ds.manager): Promise<CaseEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return em.getRepository(CaseEntity).findOne({ where: { id } });
  }

  /**
   * A case row with its grants active at `now`, in one statement (every case read asks for both).
   * Not for locking: a row lock waited for would not show grants the other transaction changed.
   */
  async findWithGrants(id: string, now: Date, em: EntityManager = this.ds.manager): Promise<{ row: CaseEntity; grants: ActiveGrants } | null> {
    if (!isUuid(id)) return null;
    const { entities, raw } = await em
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .addSelect(activeGrantsJsonSql(':grantsAt'), 'grants')
      .where('c.id = :id', { id, grantsAt: now })
      .getRawAndEntities();
    return entities[0] ? { row: entities[0], grants: grantsOf(id, raw[0].grants) } : null;
  }

  /** findWithGrants and what the case's view shows beside the row, in one statement (reading a case). */
  async findForView(
    id: string,
    now: Date,
    em: EntityManager = this.ds.manager,
  ): Promise<{ row: CaseEntity; grants: ActiveGrants; parts: CaseViewParts } | null> {
    if (!isUuid(id)) return null;
    const qb = em.getRepository(CaseEntity).createQueryBuilder('c').addSelect(activeGrantsJsonSql(':grantsAt'), 'grants');
    for (const [sql, name] of viewPartsSelects('c.id', 'c.assigned_to')) qb.addSelect(sql, name);
    const { entities, raw } = await qb.where('c.id = :id', { id, grantsAt: now }).getRawAndEntities();
    return entities[0] ? { row: entities[0], grants: grantsOf(id, raw[0].grants), parts: toViewParts(id, raw[0]) } : null;
  }

  findByIds(ids: string[], em: EntityManager = this.ds.manager): Promise<CaseEntity[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return Promise.resolve([]);
    return em.getRepository(CaseEntity).createQueryBuilder('c').where('c.id IN (:...ids)', { ids: valid }).getMany();
  }

  /** Case rows by id in the caller's transaction (rows it has locked). */
  findManyIn(em: EntityManager, ids: string[]): Promise<CaseEntity[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return Promise.resolve([]);
    return em.getRepository(CaseEntity).createQueryBuilder('c').where('c.id IN (:...ids)', { ids: valid }).getMany();
  }

  findByNumbers(numbers: string[]): Promise<CaseEntity[]> {
    if (numbers.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(CaseEntity).createQueryBuilder('c').where('c.case_number IN (:...numbers)', { numbers }).getMany();
  }

  /** Locks the case row for the rest of the transaction: one writer per case at a time. */
  lock(em: EntityManager, id: string): Promise<CaseEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return em.getRepository(CaseEntity).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
  }

  /** Locks several case rows, in id order (two writers locking overlapping sets never deadlock). */
  lockMany(em: EntityManager, ids: string[]): Promise<CaseEntity[]> {
    const valid = [...new Set(ids.filter(isUuid))].sort();
    if (valid.length === 0) return Promise.resolve([]);
    return em
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id IN (:...ids)', { ids: valid })
      .orderBy('c.id')
      .getMany();
  }

  /** Open (not closed) cases assigned to a user, locked in id order: what a departing worker hands over. */
  async openAssignedTo(em: EntityManager, userId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(`SELECT id FROM cases WHERE assigned_to = $1 AND status <> 'closed' ORDER BY id FOR UPDATE`, [userId]);
    return rows.map((r) => r.id);
  }

  /**
   * Writes a change only if nobody else changed the case since `expectedVersion` was read
   * (optimistic concurrency); returns the new version.
   */
  async update(em: EntityManager, id: string, expectedVersion: number, patch: Partial<CaseEntity>): Promise<number> {
    const result = await em
      .getRepository(CaseEntity)
      .createQueryBuilder()
      .update()
      .set({ ...patch, version: () => 'version + 1' } as any)
      .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
      .returning(['version'])
      .execute();
    if (result.affected !== 1) {
      throw new DomainError('version_conflict', 'The case was changed by someone else; reload it and try again.');
    }
    return Number(result.raw[0].version);
  }

  /**
   * Next number in a case-number sequence (e.g. per district and year): unique and increasing. Run
   * outside the registration's transaction (`em` = the data source's manager), so the counter row
   * is locked for one statement only.
   */
  async nextSequence(em: EntityManager, key: string): Promise<number> {
    const rows = await em.query(
      `INSERT INTO case_number_counters (key, value) VALUES ($1, 1)
       ON CONFLICT (key) DO UPDATE SET value = case_number_counters.value + 1 RETURNING value`,
      [key],
    );
    return Number(rows[0].value);
  }

  async insertLink(em: EntityManager, link: CaseLinkEntity): Promise<void> {
    await em.query(
      `INSERT INTO case_links (case_id, linked_case_id, kind, created_by, created_at) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT DO NOTHING`,
      [link.caseId, link.linkedCaseId, link.kind, link.createdBy, link.createdAt],
    );
  }

  async linkExists(em: EntityManager, caseId: string, linkedCaseId: string, kind: string): Promise<boolean> {
    const rows = await em.query(`SELECT 1 FROM case_links WHERE case_id = $1 AND linked_case_id = $2 AND kind = $3`, [caseId, linkedCaseId, kind]);
    return rows.length > 0;
  }

  /** Removes a link in both directions; false when there was none. */
  async deleteLink(em: EntityManager, a: string, b: string, kind: string): Promise<boolean> {
    const rows = await em.query(
      `WITH done AS (DELETE FROM case_links WHERE kind = $3 AND ((case_id = $1 AND linked_case_id = $2) OR (case_id = $2 AND linked_case_id = $1)) RETURNING 1)
       SELECT count(*) AS n FROM done`,
      [a, b, kind],
    );
    return Number(rows[0].n) > 0;
  }

  /**
   * Same child already registered? Name (case-insensitive), date of birth, district subtree; whoever
   * registered it (the caller decides what the registrar may be told: possible-duplicates.ts).
   */
  possibleDuplicates(name: string, dateOfBirth: string | null, locationPrefix: string): Promise<CaseEntity[]> {
    return this.ds
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('lower(c.display_name) = lower(:dupName)', { dupName: name })
      .andWhere('(CAST(:dupDob AS date) IS NULL OR c.date_of_birth = CAST(:dupDob AS date))', { dupDob: dateOfBirth })
      .andWhere("c.location_path LIKE :dupPlace || '%'", { dupPlace: locationPrefix })
      .orderBy('c.registered_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(20)
      .getMany();
  }

  /**
   * Cases matching `readable` (the user's read rules turned into SQL), filtered and paginated in the
   * database, so pages and totals never include a case the user may not read. Newest activity first;
   * a search puts case-number matches first, then names by similarity. The total counts at most
   * `countCap(page)` rows (`totalExact` false beyond: "more than `total`"), so a page of a caseload of
   * a million cases does not count a million rows.
   */
  async list(readable: CasePredicate, f: CaseListFilters, page: Page, sort: CaseListSort = 'updated'): Promise<CaseList> {
    if (readable.sql === 'FALSE') return { items: [], total: 0, totalExact: true };
    const qb = this.ds.getRepository(CaseEntity).createQueryBuilder('c');
    qb.where(readable.sql, readable.params);
    if (f.step) qb.andWhere('c.step = :step', { step: f.step });
    if (f.status) qb.andWhere('c.status = :status', { status: f.status });
    if (f.risk) qb.andWhere(`(c.risk = :risk AND ${f.risk.readable.sql})`, { ...f.risk.readable.params, risk: f.risk.value });
    if (f.caseType) qb.andWhere('c.caseType = :caseType', { caseType: f.caseType });
    if (f.assignedTo) qb.andWhere('c.assignedTo = :assignedTo', { assignedTo: f.assignedTo });
    // '' (a user without a team asked for their team's cases) matches none.
    if (f.teamId !== undefined) qb.andWhere('c.team_id = :listTeam', { listTeam: f.teamId });
    if (f.locationPath) qb.andWhere('c.location_path LIKE :listPlace', { listPlace: `${f.locationPath.replace(/[\\%_]/g, '\\$&')}%` });
    if (f.flagged !== undefined) {
      // cases.open_flags: flags not removed, kept by a trigger (migration CaseOpenFlags1766297000000).
      qb.andWhere(f.flagged ? 'c.open_flags > 0' : 'c.open_flags = 0');
    }
    const byName = f.search ? nameMatch(f.search.text) : null;
    if (f.search) {
      const prefix = `${f.search.text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
      const name = byName ? ` OR (${f.search.nameReadable.sql} AND ${byName.sql})` : '';
      qb.andWhere(`(lower(c.case_number) LIKE :searchPrefix${name})`, { ...f.search.nameReadable.params, ...byName?.params, searchPrefix: prefix });
    }
    if (f.overdue) qb.andWhere(`${f.overdue.value ? '' : 'NOT '}${f.overdue.visible.sql}`, f.overdue.visible.params);

    const cap = countCap(page);
    // Rows matched only by name are rows whose name the user may read (the WHERE above), so ranking them by it tells nothing.
    if (f.search) return this.searchPage(qb, `CASE WHEN lower(c.case_number) LIKE :searchPrefix THEN 2 ELSE ${byName?.rank ?? 0} END`, page, cap);
    const n = await this.countUpTo(qb, cap);
    const [column, direction, tieBreak] = ORDER[sort];
    // The page's ids first, then their rows (a deferred join): the rows skipped by the offset are
    // judged from the list index alone where it covers the read rule's columns (a caseload's, a
    // team's: migration CaseListCoveringIndexes1766299000000), not each read from the table.
    const ids = qb
      .clone()
      .select('c.id')
      .orderBy(column, direction)
      .addOrderBy('c.id', tieBreak)
      .offset((page.page - 1) * page.pageSize)
      .limit(page.pageSize);
    const items = await this.ds
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where(`c.id IN (${ids.getQuery()})`)
      .setParameters(ids.getParameters())
      .orderBy(column, direction)
      .addOrderBy('c.id', tieBreak)
      .getMany();
    return { items, total: Math.min(n, cap), totalExact: n <= cap };
  }

  /**
   * A search's page and count from one scan of its matches (`matches` selects them, `rank` scores
   * them): a common surname matches thousands of names, each read from its row to apply the read
   * rules, and scoring and counting them twice doubled the cost. JIT is off for it: the planner's
   * guesses of trigram matches are often far off, and compiling took 60–400 ms, longer than the
   * search itself (issue 18, at 1,000,000 cases). `%>>` (nameMatch) matches at pg_trgm's
   * strict_word_similarity_threshold, set here to NAME_SIMILARITY for this transaction only.
   */
  private searchPage(matches: SelectQueryBuilder<CaseEntity>, rank: string, page: Page, cap: number): Promise<CaseList> {
    const matched = matches.clone().select('c.id', 'id').addSelect(rank, 'rank').addSelect('c.updated_at', 'updated_at');
    const offset = (page.page - 1) * page.pageSize;
    return this.ds.transaction(async (em) => {
      await em.query(`SELECT set_config('jit', 'off', true), set_config('pg_trgm.strict_word_similarity_threshold', $1, true)`, [String(NAME_SIMILARITY)]);
      const { raw, entities } = await em
        .createQueryBuilder(CaseEntity, 'c')
        .addCommonTableExpression(matched, 'matched', { materialized: true })
        .addCommonTableExpression(
          `SELECT id, rank, updated_at FROM matched ORDER BY rank DESC, updated_at DESC, id LIMIT ${page.pageSize} OFFSET ${offset}`,
          'paged',
        )
        .innerJoin('paged', 'p', 'p.id = c.id')
        .addSelect(`(SELECT count(*)::int FROM (SELECT 1 FROM matched LIMIT ${cap + 1}) counted)`, 'matched_count')
        .orderBy('p.rank', 'DESC')
        .addOrderBy('p.updated_at', 'DESC')
        .addOrderBy('c.id', 'ASC')
        .getRawAndEntities<{ matched_count: number }>();
      // An empty page carries no count: none matched, or the page is past the last (then count them).
      const n = raw.length ? raw[0].matched_count : page.page === 1 ? 0 : await this.countUpTo(matches, cap, em);
      return { items: entities, total: Math.min(n, cap), totalExact: n <= cap };
    });
  }

  /** How many rows `qb` selects, counting at most `cap` + 1. */
  private async countUpTo(qb: SelectQueryBuilder<CaseEntity>, cap: number, em: EntityManager = this.ds.manager): Promise<number> {
    const [countSql, countParams] = qb.clone().select('1').getQueryAndParameters();
    const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM (${countSql} LIMIT ${cap + 1}) counted`, countParams);
    return n;
  }

  /** Cases `readable` selects with a transition waiting for approval, oldest request first, with who asked and when. */
  async awaitingApproval(
    readable: CasePredicate,
    transitionIds: string[],
    excludeRequester: string,
    limit: number,
  ): Promise<Array<{ row: CaseEntity; transitionId: string; requestedBy: string; requestedByName: string; requestedAt: Date }>> {
    if (readable.sql === 'FALSE' || transitionIds.length === 0) return [];
    const qb = this.ds
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .innerJoin('approvals', 'a', "a.case_id = c.id AND a.status = 'pending' AND a.transition_id = ANY(:approvable)", { approvable: transitionIds })
      .innerJoin('users', 'u', 'u.id = a.requested_by')
      .addSelect([
        'a.transition_id AS "approvalTransition"',
        'a.requested_by AS "approvalRequestedBy"',
        'a.requested_at AS "approvalRequestedAt"',
        'u.display_name AS "approvalRequestedByName"',
      ])
      .where(readable.sql, readable.params)
      .andWhere('a.requested_by <> :me', { me: excludeRequester })
      .orderBy('a.requested_at', 'ASC')
      .limit(limit);
    const { entities, raw } = await qb.getRawAndEntities();
    return entities.map((row, i) => ({
      row,
      transitionId: raw[i].approvalTransition,
      requestedBy: raw[i].approvalRequestedBy,
      requestedByName: raw[i].approvalRequestedByName,
      requestedAt: new Date(raw[i].approvalRequestedAt),
    }));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
