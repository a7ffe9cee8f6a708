import { parsePointer, toPointer } from './json-pointer';

/** One JSON Patch operation (RFC 6902) on a draft's files map; the first segment of a path names the file. */
export type PatchOperation =
  { op: 'add' | 'replace' | 'test'; path: string; value: unknown } | { op: 'remove'; path: string } | { op: 'move' | 'copy'; from: string; path: string };

/** Why an operation cannot be applied: the operation's index, the pointer concerned and a stable code. */
export interface PatchProblem {
  operation: number;
  path: string;
  code: 'invalid_operation' | 'not_a_file_path' | 'path_not_found' | 'invalid_index' | 'test_failed' | 'move_into_itself';
  message: string;
}

export class PatchRefused extends Error {
  constructor(readonly problem: PatchProblem) {
    super(`operation ${problem.operation} (${problem.path}): ${problem.message}`);
    this.name = 'PatchRefused';
  }
}

export interface PatchResult {
  files: Record<string, unknown>;
  /**
   * The pointers the operations read or wrote. Inserting into or removing from an array moves its
   * later items, so such an operation counts as touching the whole array: a concurrent edit that
   * addressed an item by its index would otherwise land on another item.
   */
  touched: string[];
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
const INDEX = /^(0|[1-9][0-9]*)$/;

/** Checks the shape of each operation (as received: any JSON); refuses the first malformed one. */
export function readOperations(input: unknown): PatchOperation[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw new PatchRefused({ operation: 0, path: '', code: 'invalid_operation', message: 'operations must be a non-empty array of JSON Patch operations' });
  }
  return input.map((raw, i) => {
    const refuse = (message: string, path = '') => {
      throw new PatchRefused({ operation: i, path, code: 'invalid_operation', message });
    };
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return refuse('an operation must be an object');
    const o = raw as Record<string, unknown>;
    if (typeof o.op !== 'string' || !OPS.has(o.op)) return refuse('op must be one of add, remove, replace, move, copy, test');
    if (typeof o.path !== 'string') return refuse('path must be a JSON pointer (a string)');
    if (parsePointer(o.path) === null) return refuse('path must be a JSON pointer starting with "/"', o.path);
    if ((o.op === 'move' || o.op === 'copy') && (typeof o.from !== 'string' || parsePointer(o.from) === null)) {
      return refuse(`${o.op} needs "from", a JSON pointer starting with "/"`, o.path);
    }
    if ((o.op === 'add' || o.op === 'replace' || o.op === 'test') && !('value' in o)) return refuse(`${o.op} needs a "value"`, o.path);
    return o as PatchOperation;
  });
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as any)[k], (b as any)[k]));
}

/**
 * Applies the operations, all or nothing, to a copy of `files`: the first that cannot be applied
 * refuses the whole patch (PatchRefused naming it), as RFC 6902 requires.
 */
export function applyPatch(files: Record<string, unknown>, operations: readonly PatchOperation[]): PatchResult {
  const doc = structuredClone(files);
  const touched: string[] = [];
  operations.forEach((op, i) => {
    const refuse = (code: PatchProblem['code'], message: string, path = op.path): never => {
      throw new PatchRefused({ operation: i, path, code, message });
    };
    const segments = (pointer: string): string[] => {
      const s = parsePointer(pointer);
      if (!s || s.length === 0) return refuse('not_a_file_path', 'a path names a file first: /<file>/...', pointer);
      // A member named __proto__ would set an object's prototype instead of being stored.
      if (s.includes('__proto__')) return refuse('invalid_operation', 'a key may not be named __proto__', pointer);
      return s;
    };
    const has = (parent: Record<string, unknown> | unknown[], key: string): boolean =>
      Array.isArray(parent) ? INDEX.test(key) && Number(key) < parent.length : Object.prototype.hasOwnProperty.call(parent, key);
    /** The container holding the pointer's last segment, and that segment. */
    const parentOf = (pointer: string): { parent: Record<string, unknown> | unknown[]; key: string; parentPath: string[] } => {
      const s = segments(pointer);
      let node: unknown = doc;
      for (let k = 0; k < s.length - 1; k++) {
        const at: Record<string, unknown> | unknown[] = node as Record<string, unknown> | unknown[];
        node = has(at, s[k]) ? (Array.isArray(at) ? at[Number(s[k])] : at[s[k]]) : undefined;
        if (!isContainer(node)) return refuse('path_not_found', `${toPointer(s.slice(0, k + 1))} does not exist`, pointer);
      }
      return { parent: node as Record<string, unknown> | unknown[], key: s[s.length - 1], parentPath: s.slice(0, -1) };
    };
    const get = (pointer: string): unknown => {
      const { parent, key } = parentOf(pointer);
      if (!has(parent, key)) refuse('path_not_found', `${pointer} does not exist`, pointer);
      return Array.isArray(parent) ? parent[Number(key)] : parent[key];
    };
    const add = (pointer: string, value: unknown): void => {
      const { parent, key, parentPath } = parentOf(pointer);
      if (Array.isArray(parent)) {
        const at = key === '-' ? parent.length : INDEX.test(key) ? Number(key) : -1;
        if (at < 0 || at > parent.length) refuse('invalid_index', `${key} is not an index of the array (0–${parent.length} or "-")`, pointer);
        parent.splice(at, 0, value);
        touched.push(toPointer(parentPath));
      } else {
        parent[key] = value;
        touched.push(pointer);
      }
    };
    const remove = (pointer: string): void => {
      const { parent, key, parentPath } = parentOf(pointer);
      if (!has(parent, key)) refuse('path_not_found', `${pointer} does not exist`, pointer);
      if (Array.isArray(parent)) {
        parent.splice(Number(key), 1);
        touched.push(toPointer(parentPath));
      } else {
        delete parent[key];
        touched.push(pointer);
      }
    };
    switch (op.op) {
      case 'add':
        return add(op.path, structuredClone(op.value));
      case 'remove':
        return remove(op.path);
      case 'replace': {
        const { parent, key } = parentOf(op.path);
        if (!has(parent, key)) refuse('path_not_found', `${op.path} does not exist`);
        if (Array.isArray(parent)) parent[Number(key)] = structuredClone(op.value);
        else parent[key] = structuredClone(op.value);
        touched.push(op.path);
        return;
      }
      case 'test':
        if (!deepEqual(get(op.path), op.value)) refuse('test_failed', `${op.path} does not have the value the test expects`);
        touched.push(op.path);
        return;
      case 'copy':
        touched.push(op.from);
        return add(op.path, structuredClone(get(op.from)));
      case 'move': {
        const from = segments(op.from);
        const to = segments(op.path);
        if (to.length > from.length && from.every((s, k) => s === to[k])) refuse('move_into_itself', `cannot move ${op.from} into itself`);
        const value = get(op.from);
        remove(op.from);
        return add(op.path, value);
      }
    }
  });
  return { files: doc, touched: [...new Set(touched)] };
}
