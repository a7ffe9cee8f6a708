import { registerErrorCodes } from '@app/core';

export enum SimulationErrorCode {
  /** The draft or version does not validate: nothing can run on it until its errors are fixed. */
  PackInvalid = 'simulation_pack_invalid',
  UnknownRole = 'simulation_unknown_role',
  UnknownCaseType = 'simulation_unknown_case_type',
  UnknownForm = 'simulation_unknown_form',
  /** An action of the script the engine refuses (role may not, guard fails, wrong step...): the reasons say why. */
  ActionRefused = 'simulation_action_refused',
  /** An action's time is before the one of the action it follows. */
  TimeGoesBack = 'simulation_time_goes_back',
}

registerErrorCodes({
  [SimulationErrorCode.PackInvalid]: { status: 422, title: 'The pack has errors and cannot be simulated' },
  [SimulationErrorCode.UnknownRole]: { status: 422, title: 'The pack has no such role' },
  [SimulationErrorCode.UnknownCaseType]: { status: 422, title: 'The pack has no such case type' },
  [SimulationErrorCode.UnknownForm]: { status: 422, title: 'The pack has no such form' },
  [SimulationErrorCode.ActionRefused]: { status: 422, title: 'The simulated action is refused by the workflow' },
  [SimulationErrorCode.TimeGoesBack]: { status: 422, title: 'A simulated action cannot happen before the previous one' },
});
