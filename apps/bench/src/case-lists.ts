import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { RawActor, RawCounterparts } from './raw-counterparts';
import { measure, measurePaced, summarise } from './stats';

/** First names and surnames of the seeded children: a realistic spread, so a surname matches about 1 case in 30. */
export const FIRST_NAMES = ['Ana', 'Ion', 'Maria', 'Mihai', 'Elena', 'Andrei', 'Cristina', 'Victor', 'Alexandru', 'Daniela', 'Nicolae', 'Irina'];
export const SURNAMES = [
  'Ciobanu',
  'Rusu',
  'Munteanu',
  'Ceban',
  'Cojocaru',
  'Popa',
  'Lungu',
  'Rotari',
  'Sârbu',
  'Țurcanu',
  'Ștefan',
  'Moraru',
  'Bălan',
  'Guțu',
  'Melnic',
  'Cebotari',
  'Roșca',
  'Botnari',
  'Gumeniuc',
  'Croitoru',
  'Postolachi',
  'Ursu',
  'Bodiu',
  'Țîbuleac',
  'Răileanu',
  'Grosu',
  'Bivol',
  'Mocanu',
  'Chiriac',
  'Vrabie',
];

/** The SQL expression naming seeded case `g` (an integer column or series): "<first> <surname>", a third with a second surname. */
export function seededNameSql(g: string): string {
  const arr = (xs: string[]) => `(ARRAY[${xs.map((x) => `'${x}'`).join(',')}])`;
  return `${arr(FIRST_NAMES)}[1 + ${g} % ${FIRST_NAMES.length}] || ' ' || ${arr(SURNAMES)}[1 + (${g} / ${FIRST_NAMES.length}) % ${SURNAMES.length}]
    || CASE WHEN ${g} % 3 = 0 THEN '-' || ${arr(SURNAMES)}[1 + (${g} / 7) % ${SURNAMES.length}] ELSE '' END`;
}

/** What the searches look for: a surname, a typo in it, without its accents, a first name and a surname, a case-number prefix. */
const SEARCHES = ['Ciobanu', 'Ciobanou', 'sarbu', 'turcanu', 'Ana Rusu', 'Elena Tibuleac', 'BR-000123'];

/**
 * The caseworker's everyday reads at national scale, over real HTTP as the demo caseworker of
 * Chișinău, beside raw PostgreSQL doing the same database work (RawCounterparts: the page, its count,
 * the audit entries) on the same pool: the caseload (mine=true, pages 1–20), name searches (accents
 * and one typo forgiven, see SEARCHES) and the flagged cases. At 1 and 16 clients; p50/p95 of each.
 */
export async function caseListsAtScale(app: INestApplication, base: string, total: number, login: (u: string) => Promise<string>): Promise<void> {
  const ds = app.get(DataSource);
  const auth = await login('caseworker');
  const [actor] = (await ds.query(
    `SELECT id, roles, agency_id AS "agencyId", location_path AS "locationPath" FROM users WHERE username = 'caseworker'`,
  )) as RawActor[];
  const levels = [1, 16];
  const raw = await RawCounterparts.prepare(ds, new Map(), app.get(AuditService).chainCount + 1, Math.max(...levels));
  const [{ mine, flagged }] = await ds.query(
    `SELECT count(*) FILTER (WHERE assigned_to = $1)::int AS mine,
            count(*) FILTER (WHERE open_flags > 0 AND assigned_to = $1)::int AS flagged
       FROM cases c`,
    [actor.id],
  );
  const get = async (url: string) => {
    const res = await fetch(`${base}${url}`, { headers: { authorization: auth } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body}`);
  };
  const ops = [
    {
      name: `caseload (mine=true, ${mine.toLocaleString('en')} cases)`,
      api: (i: number) => get(`/api/cases?mine=true&pageSize=25&page=${1 + (i % 20)}`),
      raw: (i: number, c: number) => raw.listMine(c, actor, 1 + (i % 20)),
    },
    {
      name: `name search (${SEARCHES.length} searches)`,
      api: (i: number) => get(`/api/cases?q=${encodeURIComponent(SEARCHES[i % SEARCHES.length])}&pageSize=25`),
      raw: (i: number, c: number) => raw.search(c, actor, SEARCHES[i % SEARCHES.length]),
    },
    {
      name: `flagged caseload (${flagged} cases)`,
      api: (i: number) => get(`/api/cases?mine=true&flagged=true&pageSize=25&page=${1 + (i % 2)}`),
      raw: (i: number, c: number) => raw.listMineFlagged(c, actor, 1 + (i % 2)),
    },
  ];
  const samples = Number(process.env.BENCH_LIST_SAMPLES ?? 200);
  console.log(
    `\n${`case lists at ${total.toLocaleString('en')} cases (caseworker)`.padEnd(48)} ${'clients'.padStart(7)} ${'API p50'.padStart(8)} ${'API p95'.padStart(8)} ${'raw p50'.padStart(8)} ${'raw p95'.padStart(8)} ${'API/raw'.padStart(8)}`,
  );
  const f = (n: number) => n.toFixed(1).padStart(8);
  const top = Math.max(...levels);
  const apiRate = new Map<string, number>();
  for (const clients of levels) {
    for (const op of ops) {
      await op.api(0); // warm: plans and caches
      const a = summarise(await measure(op.name, samples, clients, (i) => op.api(i)));
      const r = summarise(await measure(op.name, samples, clients, (i, c) => op.raw(i, c)));
      if (clients === top) apiRate.set(op.name, a.rate);
      console.log(
        `${op.name.padEnd(48)} ${String(clients).padStart(7)} ${f(a.p50)} ${f(a.p95)} ${f(r.p50)} ${f(r.p95)} ${(a.rate / r.rate).toFixed(2).padStart(8)}`,
      );
    }
  }
  // Paced: half the API's closed-loop throughput at the top level, the same rate for raw PostgreSQL.
  for (const op of ops) {
    const rate = 0.5 * apiRate.get(op.name)!;
    const a = summarise(await measurePaced(op.name, samples, rate, top, (i) => op.api(i)));
    const r = summarise(await measurePaced(op.name, samples, rate, top, (i, c) => op.raw(i, c)));
    console.log(`${op.name.padEnd(48)} ${`${rate.toFixed(0)}/s`.padStart(7)} ${f(a.p50)} ${f(a.p95)} ${f(r.p50)} ${f(r.p95)} ${'paced'.padStart(8)}`);
  }
  console.log(
    `(${samples} requests each; API/raw: throughput ratio; raw: the same page, count and audit entries straight to PostgreSQL;` +
      ` "n/s" rows: paced (open loop) at half the API's throughput at ${top} clients, at most ${top} in flight, latency from when each request was due)`,
  );
}
