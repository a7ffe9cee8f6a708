/** Which of the case row's copies of answers the role may read (the cases lib's `derivedVisibility`). */
export interface CopiesShown {
  name: boolean;
  dateOfBirth: boolean;
  sex: boolean;
  risk: boolean;
}

const COPY_KEYS: Record<keyof CopiesShown, string[]> = {
  name: ['displayName'],
  dateOfBirth: ['dateOfBirth'],
  sex: ['sex'],
  risk: ['risk', 'riskLabel'],
};

/**
 * The API's case view blanks the copies a reader may not see (null); a webhook payload leaves them
 * out, so a receiver cannot tell a hidden value from an empty one.
 */
export function withoutHiddenCopies<T extends object>(view: T, shown: CopiesShown): Partial<T> {
  const out = { ...view } as Record<string, unknown>;
  for (const copy of Object.keys(COPY_KEYS) as Array<keyof CopiesShown>) {
    if (!shown[copy]) for (const key of COPY_KEYS[copy]) delete out[key];
  }
  return out as Partial<T>;
}

/** The body of one delivery: the id is the receiver's de-duplication key (the same on every retry and replay). */
export function webhookBody(id: string, type: string, occurredAt: Date, caseView: object): string {
  return JSON.stringify({ id, type, occurredAt: occurredAt.toISOString(), case: caseView });
}
