import { walkSchema } from '@app/forms';
import { canonicalJson, type PackFiles } from '@app/sop';

/** A form file already published under the same name (`forms/<id>.v<n>.json`), with its content. */
export interface PublishedForm {
  name: string;
  content: unknown;
}

export interface ChangedForm {
  file: string;
  message: string;
}

const FORM_FILE = /^forms\/(.+)\.v(\d+)\.json$/;

/** What a form's words are, not what its answers mean: labels, help and titles may be corrected and translated. */
const WORDING = ['title', 'description', 'x-label', 'x-help', 'x-enumLabels'];

/** A form's content without its wording (labels, help, titles, layout), as canonical JSON. */
function meaning(content: unknown): string {
  if (!content || typeof content !== 'object' || Array.isArray(content)) return canonicalJson(content);
  const form = structuredClone(content) as Record<string, any>;
  delete form.title;
  delete form.uiSchema;
  if (form.schema && typeof form.schema === 'object') walkSchema(form.schema, (node) => WORDING.forEach((k) => delete node[k]));
  return canonicalJson(form);
}

/**
 * A published form version never changes what its answers mean: answers saved against
 * `registration` v1 are read with v1's schema for ever, by every SOP version that lists it. Its
 * wording may change (a label corrected, a language added: answers mean the same); anything else
 * (a field, a type, an option, a requirement) needs a new version. The form files of `files` whose
 * name was already published with other meaning (key order aside), each with the message to show.
 */
export function changedFormVersions(files: PackFiles, published: readonly PublishedForm[]): ChangedForm[] {
  const before = new Map<string, Set<string>>();
  const highest = new Map<string, number>();
  for (const p of published) {
    const m = FORM_FILE.exec(p.name);
    if (!m) continue;
    before.set(p.name, (before.get(p.name) ?? new Set()).add(meaning(p.content)));
    highest.set(m[1], Math.max(highest.get(m[1]) ?? 0, Number(m[2])));
  }
  const out: ChangedForm[] = [];
  for (const [name, content] of Object.entries(files)) {
    const m = FORM_FILE.exec(name);
    const earlier = before.get(name);
    if (!m || !earlier || earlier.has(meaning(content))) continue;
    const next = Math.max(highest.get(m[1]) ?? 0, Number(m[2])) + 1;
    out.push({ file: name, message: `form ${m[1]} v${m[2]} is already published with different content; publish it as v${next}` });
  }
  return out;
}
