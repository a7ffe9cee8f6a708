import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { DEMO_PASSWORD } from '@app/sop-registry';
import { withScratchApp } from './scratch-app';

/**
 * Syncing a phone's queue (issue 22, docs/adr/0012-offline-work-and-sync.md): `BENCH_SYNC_CHANGES`
 * (default 200) changes queued offline by one caseworker, a quarter registrations (temporary ids)
 * and the rest corrections of their forms, each naming its case by the temporary id; sent in one
 * POST /api/sync, as a device does on reconnecting. Prints the time, then the time of sending the
 * same queue again (every change already recorded: replayed by its key, nothing applied twice).
 */
export async function offlineSyncBench(): Promise<void> {
  const total = Number(process.env.BENCH_SYNC_CHANGES ?? 200);
  if (!Number.isInteger(total) || total < 4 || total > 200)
    throw new Error(`BENCH_SYNC_CHANGES must be an integer from 4 to 200, got "${process.env.BENCH_SYNC_CHANGES}"`);
  await withScratchApp('sync', async ({ base, q }) => {
    const [{ version }] = await q(`SELECT current_setting('server_version') AS version`);
    console.log(`\nCMIS offline sync benchmark: ${os.cpus().length} CPUs, Node ${process.version}, PostgreSQL ${version}`);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'caseworker', password: DEMO_PASSWORD }),
    });
    const auth = `Bearer ${((await login.json()) as { token: string }).token}`;
    const registrations = Math.floor(total / 4);
    const changes: unknown[] = [];
    for (let i = 0; i < registrations; i++) {
      changes.push({
        key: randomUUID(),
        kind: 'register',
        tempId: `tmp-${i}`,
        caseType: 'child_protection',
        answers: {
          first_name: `Sync${i}`,
          last_name: 'Bench',
          sex: 'female',
          date_of_birth: '2014-04-04',
          consent_status: 'given',
          assent_status: 'given',
          address: 'A',
        },
      });
    }
    for (let i = 0; changes.length < total; i++) {
      const n = i % registrations;
      const from = i < registrations ? 'A' : `Street ${i - registrations}`;
      changes.push({
        key: randomUUID(),
        kind: 'fill',
        case: `tmp-${n}`,
        formId: 'registration',
        status: 'complete',
        base: { address: from },
        answers: { address: `Street ${i}` },
      });
    }
    const send = async () => {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}/api/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body: JSON.stringify({ changes }),
      });
      const body = (await res.json()) as { outcomes: Array<{ outcome: string }> };
      if (res.status !== 200) throw new Error(`POST /api/sync: ${res.status} ${JSON.stringify(body)}`);
      return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, applied: body.outcomes.filter((o) => o.outcome === 'applied').length };
    };
    const first = await send();
    const again = await send();
    console.log(
      `sync of ${total} queued changes (${registrations} registrations, ${total - registrations} form corrections): ${first.seconds.toFixed(2)} s, ${first.applied} applied (${(total / first.seconds).toFixed(0)} changes/s)`,
    );
    console.log(`the same queue sent again (reply lost): ${again.seconds.toFixed(2)} s, nothing applied twice (${again.applied} replayed as applied)`);
    const [{ n }] = await q(`SELECT count(*)::int AS n FROM cases WHERE display_name LIKE 'Sync%'`);
    if (n !== registrations) throw new Error(`expected ${registrations} cases, found ${n}`);
  });
}
