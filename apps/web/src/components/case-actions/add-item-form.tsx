import { FormEvent, ReactNode, useState } from 'react';
import { SectionStatus, useAction, useSectionStatus } from './use-action';

/** What useAddItem gives a section: the text being written, the section's status line, and the write. */
export interface AddItem {
  text: string;
  setText(text: string): void;
  status: SectionStatus;
  action: ReturnType<typeof useAction>;
  submit(e: FormEvent): Promise<void>;
}

/**
 * A case section's form that adds one written item (a note, a flag): `post` sends the trimmed text,
 * the section's status line says `doneText`, then the text is emptied and the page asked to reload.
 */
export function useAddItem(post: (text: string) => Promise<unknown>, doneText: string, onDone: () => void): AddItem {
  const [text, setText] = useState('');
  const status = useSectionStatus();
  const action = useAction(status);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await action.run(() => post(text.trim()), doneText)) {
      setText('');
      onDone();
    }
  };
  return { text, setText, status, action, submit };
}

/** The folded form of useAddItem: its text box, the section's own fields (children), and the button, off until something is written. */
export function AddItemForm(props: {
  item: AddItem;
  summary: string;
  fieldId: string;
  label: string;
  submitLabel: string;
  minLength?: number;
  maxLength: number;
  rows: number;
  children?: ReactNode;
}) {
  const { item, fieldId } = props;
  return (
    <details>
      <summary>{props.summary}</summary>
      <form onSubmit={item.submit}>
        <div className="field">
          <label htmlFor={fieldId}>{props.label}</label>
          <textarea
            id={fieldId}
            required
            minLength={props.minLength}
            maxLength={props.maxLength}
            rows={props.rows}
            value={item.text}
            onChange={(e) => item.setText(e.target.value)}
          />
        </div>
        {props.children}
        <button type="submit" className="primary" disabled={item.action.busy || !item.text.trim()}>
          {props.submitLabel}
        </button>
      </form>
    </details>
  );
}
