import { Injectable } from '@nestjs/common';
import { ReadReplica } from '@app/database';
import type { BuiltQuery } from '../indicator-sql';

export type ExportRow = Record<string, string | null>;

/**
 * The database side of exports: read-only, one short query per batch (short enough not to be
 * cancelled by a replica replaying the primary's changes), on the read replica when configured.
 */
@Injectable()
export class ExportsRepository {
  constructor(private readonly reads: ReadReplica) {}

  async count(q: BuiltQuery): Promise<number> {
    const rows = await this.run(q);
    return Number(rows[0]?.n ?? 0);
  }

  async batch(q: BuiltQuery): Promise<ExportRow[]> {
    return this.run(q);
  }

  private run(q: BuiltQuery): Promise<ExportRow[]> {
    const ds = this.reads.dataSource;
    const [sql, values] = ds.driver.escapeQueryWithParameters(q.sql, q.params);
    return ds.query(sql, values);
  }
}
