import { registerErrorCodes } from '@app/core';

export enum DeadlineErrorCode {
  WorklistTeamNotPermitted = 'worklist_team_not_permitted',
}

registerErrorCodes({
  [DeadlineErrorCode.WorklistTeamNotPermitted]: { status: 403, title: "Only team supervisors see the team's deadlines" },
});
