import 'reflect-metadata';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { AuditCheckpoints, AuditService } from '@app/audit';
import { SchedulerCron } from '@app/scheduler';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { freshDatabase, TestDatabase, withDatabaseEnv } from '../support/database';

const VARIABLES = ['CMIS_AUDIT_CHECKPOINT_DIR', 'CMIS_AUDIT_CHECKPOINT_KEY', 'CMIS_AUDIT_CHECKPOINT_INTERVAL', 'CMIS_SCHEDULER_CRON'];

/**
 * The worker, as `apps/worker` starts it, writes signed checkpoints of the audit chains on its own
 * schedule: one soon after it starts, and no other before CMIS_AUDIT_CHECKPOINT_INTERVAL has passed.
 */
describe('audit checkpoints written by the worker', () => {
  let db: TestDatabase;
  let worker: TestingModule;
  let dir: string;
  const saved = Object.fromEntries(VARIABLES.map((k) => [k, process.env[k]]));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cmis-checkpoints-worker-'));
    Object.assign(process.env, {
      CMIS_AUDIT_CHECKPOINT_DIR: dir,
      CMIS_AUDIT_CHECKPOINT_KEY: 'worker-audit-checkpoint-key-0123456789ab',
      CMIS_AUDIT_CHECKPOINT_INTERVAL: '1h',
      CMIS_SCHEDULER_CRON: '* * * * * *',
    });
    db = await freshDatabase('audit_checkpoint_worker');
    worker = await withDatabaseEnv(db, () => Test.createTestingModule({ imports: [WorkerModule] }).compile());
    await worker.init();
    await worker.get(AuditService).record({ actorId: null, action: 'test.before_the_worker' });
  });
  afterAll(async () => {
    await worker?.close();
    await db?.drop();
    for (const k of VARIABLES) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one checkpoint soon after it starts, which the table matches, and no second one within the interval', async () => {
    worker.get(SchedulerCron).start();
    const files = () => readdirSync(dir).filter((f) => f.endsWith('.json'));
    for (let i = 0; i < 50 && files().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(files()).toHaveLength(1);
    expect(await worker.get(AuditCheckpoints).check()).toMatchObject({ state: 'checked', verification: { ok: true, entries: 1 }, findings: [] });
    // Several more slots of the every-second schedule pass: still one file.
    await new Promise((r) => setTimeout(r, 2500));
    expect(files()).toHaveLength(1);
  });
});
