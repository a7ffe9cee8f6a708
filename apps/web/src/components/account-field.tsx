import type { ReactNode } from 'react';
import { ApiError } from '../api';

/** The API's messages for one field (its JSON pointer, or the `$.field` path of pack-style checks), shown under it. */
export function fieldMessages(error: unknown, ...paths: string[]): string[] {
  if (!(error instanceof ApiError)) return [];
  const wanted = paths.flatMap((p) => [p, `$${p.replace(/\//g, '.')}`]);
  return error.errors
    .filter((e) => wanted.some((w) => e.path === w || e.path.startsWith(`${w}[`) || e.path.startsWith(`${w}.`) || e.path.startsWith(`${w}/`)))
    .map((e) => e.message);
}

/** A labelled input with its help and its own error messages, tied to it for screen readers. */
export function AccountField(props: {
  id: string;
  label: string;
  help?: string;
  messages?: string[];
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
}) {
  const { id, label, help, messages = [] } = props;
  const ids = [help ? `${id}-help` : null, messages.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {props.children(ids, messages.length > 0)}
      {help && (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      )}
      {messages.length > 0 && (
        <p id={`${id}-error`} className="field-error text-danger">
          {messages.join(' ')}
        </p>
      )}
    </div>
  );
}
