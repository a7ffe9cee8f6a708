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
