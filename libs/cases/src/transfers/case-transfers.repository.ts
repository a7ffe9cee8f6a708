import { Injectable } from '@nestjs/common';

/** The only place that reads and writes case_transfers (in progress). */
@Injectable()
export class CaseTransfersRepository {}
