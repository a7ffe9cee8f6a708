/** The sync API's shapes (POST /api/sync), named from the generated OpenAPI types, not typed a second time. */
import type { components, operations } from '../api-types.gen';

type SyncBody = operations['OfflineSyncController_apply']['requestBody']['content']['application/json'];
type Answers = Record<string, unknown>;
/** The generator types free-form answer objects as `Record<string, never>`; the device holds any JSON there. */
type WithAnswers<T> = T extends unknown
  ? Omit<T, 'answers' | 'base'> & ('answers' extends keyof T ? { answers: Answers } : unknown) & ('base' extends keyof T ? { base: Answers } : unknown)
  : never;

/** One change made offline, queued in order with its idempotency key. */
export type QueuedChange = WithAnswers<SyncBody['changes'][number]>;
export type SyncOutcome = components['schemas']['SyncOutcome'];
