import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CaseTransfersService } from '@app/cases';

/** Transfers of a case to another worker, team, agency or location. */
@ApiTags('case transfers')
@ApiBearerAuth()
@Controller()
export class CaseTransfersController {
  constructor(private readonly transfers: CaseTransfersService) {}
}
