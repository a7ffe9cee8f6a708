import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ReferralsService } from '@app/cases';

/** Referrals of a case to a service provider. */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}
}
