import type { SectionStatus } from './use-action';

/** A section's status line (a polite live region): its last action's outcome, where the focus goes once it is done. */
export function StatusLine({ status }: { status: SectionStatus }) {
  return (
    <p role="status" aria-live="polite" className="saved" ref={status.ref} tabIndex={-1}>
      {status.text}
    </p>
  );
}
