import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Where a report was read from, and how far behind the primary that copy was. */
export interface ReadSource {
  /** True when the figures come from a streaming replica (DATABASE_REPLICA_URL), false from the primary. */
  replica: boolean;
  /** Seconds of the primary's changes the figures may not show yet: 0 on the primary or a replica that replayed all it received; null when the replica cannot tell. */
  lagSeconds: number | null;
}

// A replica that has replayed everything it received is current, even when the last replayed
// transaction is old (an idle primary sends nothing new): pg_last_xact_replay_timestamp() alone
// would report that idle time as lag. pg_is_in_recovery() is false on a promoted replica.
const LAG_SQL = `SELECT pg_is_in_recovery() AS replica,
  CASE WHEN NOT pg_is_in_recovery() THEN 0
       WHEN pg_last_wal_receive_lsn() IS NOT NULL AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
       ELSE round(greatest(0, extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()))::numeric, 1)
  END AS lag`;

/**
 * The read-only connection reports, dashboards and exports read through: a streaming replica when
 * DATABASE_REPLICA_URL is set, otherwise the primary's own DataSource (no second pool). Only SQL
 * runs here; what must see the latest state (claims, audit, anything in a write transaction) stays
 * on the primary's DataSource.
 */
export class ReadReplica {
  private replica: DataSource | null = null;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(private readonly primary: DataSource) {}

  /** No replica configured: reads go to the primary. */
  static primaryOnly(primary: DataSource): ReadReplica {
    return new ReadReplica(primary);
  }

  /**
   * Reads go to `replica` once it is connected. An unreachable replica does not stop the process:
   * reads go to the primary (and say so) while it retries every `retryMs`.
   */
  static async connect(primary: DataSource, replica: DataSource, retryMs = 30_000, logger = new Logger('ReadReplica')): Promise<ReadReplica> {
    const reads = new ReadReplica(primary);
    const attempt = async (): Promise<void> => {
      try {
        await replica.initialize();
        if (reads.closed) await replica.destroy();
        else reads.replica = replica;
      } catch (e) {
        if (reads.closed) return;
        logger.warn(`read replica unreachable (${e?.message ?? e}): reports read the primary, retrying in ${Math.round(retryMs / 1000)} s`);
        reads.retry = setTimeout(() => void attempt(), retryMs);
        reads.retry.unref();
      }
    };
    await attempt();
    return reads;
  }

  /** Where report SQL runs now: the replica when connected, else the primary. */
  get dataSource(): DataSource {
    return this.replica ?? this.primary;
  }

  /** Where reads go now, with the replica's lag measured at this moment. */
  async source(): Promise<ReadSource> {
    if (!this.replica) return { replica: false, lagSeconds: 0 };
    const [row] = await this.replica.query(LAG_SQL);
    return { replica: row.replica === true, lagSeconds: row.lag === null ? null : Number(row.lag) };
  }

  /**
   * Runs a report read and says where it was served from. The lag is measured first, so the
   * figures are at least as recent as it says.
   */
  async serve<T extends object>(read: () => Promise<T>): Promise<T & { source: ReadSource }> {
    const source = await this.source();
    return { ...(await read()), source };
  }

  /** Closes the replica's pool (the primary's belongs to its module). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    if (this.replica?.isInitialized) await this.replica.destroy();
  }
}
