import { SopVersionEntity } from './sop-version.entity';
import { AgencyEntity, LocationEntity, TeamEntity } from './organisation.entity';
import { SessionEntity, UserEntity } from './user.entity';
import { ApprovalEntity, CaseEntity, CaseEventEntity, CaseLinkEntity, DeadlineEntity, FormSubmissionEntity } from './case.entity';

export * from './sop-version.entity';
export * from './organisation.entity';
export * from './user.entity';
export * from './case.entity';

export const ALL_ENTITIES = [
  SopVersionEntity,
  LocationEntity,
  AgencyEntity,
  TeamEntity,
  UserEntity,
  SessionEntity,
  CaseEntity,
  CaseLinkEntity,
  FormSubmissionEntity,
  CaseEventEntity,
  ApprovalEntity,
  DeadlineEntity,
];
