import { Injectable } from '@nestjs/common';

/** Transfers of a case to another worker, team, agency or location (in progress). */
@Injectable()
export class CaseTransfersService {}
