/**
 * Group commit for audit entries written outside a caller's transaction (every read, list and
 * search audits what it showed). Each such call used to open a transaction of its own, take its
 * chains' locks and pay a durable commit, so concurrent reads queued behind each other on the chain
 * locks. Here the entries of all calls that arrive while a commit is under way wait for it, then go
 * together in the next transaction: one lock per chain and one commit for the whole group. A call
 * still resolves only once its entries are committed, so a reply is never sent before its read is
 * durably audited.
 */
export type AppendGroup<D, R> = (drafts: D[]) => Promise<R[]>;

interface Waiting<D, R> {
  drafts: D[];
  resolve(records: R[]): void;
  reject(error: unknown): void;
}

/** At most this many entries in one transaction; more wait for the next (a busy server's lists). */
export const MAX_GROUP_ENTRIES = 1000;

export class AuditGroupCommit<D, R> {
  private queue: Waiting<D, R>[] = [];
  private flushing = false;

  constructor(private readonly append: AppendGroup<D, R>) {}

  /** Resolves with the records of `drafts`, in order, once they are committed. */
  submit(drafts: D[]): Promise<R[]> {
    return new Promise<R[]>((resolve, reject) => {
      this.queue.push({ drafts, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const group = this.take();
        try {
          const records = await this.append(group.flatMap((w) => w.drafts));
          let at = 0;
          for (const w of group) {
            w.resolve(records.slice(at, at + w.drafts.length));
            at += w.drafts.length;
          }
        } catch (error) {
          // One caller's bad entry must not fail the others: alone, each succeeds or fails on its own.
          if (group.length === 1) group[0].reject(error);
          else await Promise.all(group.map((w) => this.append(w.drafts).then(w.resolve, w.reject)));
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private take(): Waiting<D, R>[] {
    const group: Waiting<D, R>[] = [];
    let entries = 0;
    while (this.queue.length && (group.length === 0 || entries + this.queue[0].drafts.length <= MAX_GROUP_ENTRIES)) {
      const next = this.queue.shift()!;
      entries += next.drafts.length;
      group.push(next);
    }
    return group;
  }
}
