/** Latency samples (ms) and throughput of one measured operation. */
export interface Measurement {
  name: string;
  count: number;
  seconds: number;
  samples: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Runs `op(i, worker)` for i in [0, count) with `concurrency` workers (numbered from 0); records each latency. */
export async function measure(name: string, count: number, concurrency: number, op: (i: number, worker: number) => Promise<void>): Promise<Measurement> {
  const samples = new Array<number>(count);
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async (_: unknown, w: number) => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const t0 = process.hrtime.bigint();
      await op(i, w);
      samples[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { name, count, seconds: Number(process.hrtime.bigint() - started) / 1e9, samples };
}

/**
 * Open loop: request i is due at `i / rate` seconds, whether or not earlier ones are done, with at
 * most `inFlight` at once (the clients). Latency counts from when a request was due, so time spent
 * waiting for a free client is part of it (no coordinated omission). A closed loop of N clients
 * always runs saturated, so its latency is about N / throughput whatever the code does; a paced run
 * says how long a request takes at a load the server can carry.
 */
export async function measurePaced(
  name: string,
  count: number,
  rate: number,
  inFlight: number,
  op: (i: number, worker: number) => Promise<void>,
): Promise<Measurement> {
  const samples = new Array<number>(count);
  const free = Array.from({ length: inFlight }, (_, w) => w);
  const waiting: Array<(w: number) => void> = [];
  const acquire = () => new Promise<number>((resolve) => (free.length > 0 ? resolve(free.pop()!) : waiting.push(resolve)));
  const release = (w: number) => (waiting.length > 0 ? waiting.shift()!(w) : free.push(w));
  const started = process.hrtime.bigint();
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + BigInt(Math.round((i / rate) * 1e9));
    const wait = Number(due - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    running.push(
      acquire().then(async (w) => {
        try {
          await op(i, w);
        } finally {
          samples[i] = Number(process.hrtime.bigint() - due) / 1e6;
          release(w);
        }
      }),
    );
  }
  await Promise.all(running);
  return { name, count, seconds: Number(process.hrtime.bigint() - started) / 1e9, samples };
}

export function formatRow(m: Measurement): string {
  const s = [...m.samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2).padStart(9);
  return `${m.name.padEnd(34)} ${String(m.count).padStart(8)} ${(m.count / m.seconds).toFixed(0).padStart(9)}/s ${f(percentile(s, 50))} ${f(percentile(s, 95))} ${f(percentile(s, 99))}`;
}

export const HEADER = `${'operation'.padEnd(34)} ${'count'.padStart(8)} ${'throughput'.padStart(11)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`;

/** Throughput (per second) and latency percentiles (ms) of a measurement. */
export function summarise(m: Measurement): { rate: number; p50: number; p95: number; p99: number } {
  const s = [...m.samples].sort((a, b) => a - b);
  return { rate: m.count / m.seconds, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
}
