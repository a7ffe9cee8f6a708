import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CaseImportRunner } from './case-import.runner';

/** Continues unfinished import jobs when the API starts (only there: a CLI run must not take over the API's jobs). */
@Injectable()
export class CaseImportResumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(CaseImportResumer.name);

  constructor(private readonly runner: CaseImportRunner) {}

  onApplicationBootstrap(): void {
    void this.runner.resumeUnfinished().catch((e) => this.logger.error(`resuming case imports failed: ${e?.message ?? e}`));
  }
}
