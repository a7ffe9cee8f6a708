/**
 * Static checks of one template source before it is ever rendered: syntax, helpers, which variables
 * it reads, and the rules that keep a child's details out of subjects and escaping on in HTML.
 */
import { MESSAGE_CONTEXT, MessageKind, SUBJECT_FORBIDDEN_ROOTS } from './message-kinds';
import { parseErrorPosition, parseErrorReason } from './parse-error';
import { BLOCK_HELPERS, compileOptions, TemplatePart, templateEnv, VALUE_HELPERS } from './template-env';

export interface TemplateProblem {
  /** parse_error, unknown_helper, helper_arguments, unknown_variable, not_in_subject, undeclared_answer, unescaped_output, partial_not_allowed, not_supported, compile_error */
  code: string;
  message: string;
  line?: number;
  /** 1-based. */
  column?: number;
}

/** `@` variables Handlebars sets inside `#each`; `@root` is handled as a root-level path. */
const LOOP_DATA = ['index', 'first', 'last', 'key'];

/**
 * Problems of a template source for a message kind and part. With `declaredAnswers` (the template's
 * `answers` list), reading an answer that is not declared is a problem too: it would always be empty.
 */
export function checkTemplateSource(
  source: string,
  kind: MessageKind,
  part: TemplatePart,
  declaredAnswers?: readonly string[],
): TemplateProblem[] {
  let ast: hbs.AST.Program;
  try {
    ast = templateEnv.parse(source);
  } catch (e) {
    return [{ code: 'parse_error', message: `syntax error: ${parseErrorReason(e)}`, ...parseErrorPosition(source, e) }];
  }
  const problems: TemplateProblem[] = [];
  const context = MESSAGE_CONTEXT[kind];
  const report = (node: hbs.AST.Node, code: string, message: string) =>
    problems.push({ code, message, line: node.loc?.start.line, column: node.loc ? node.loc.start.column + 1 : undefined });

  /** A path read at the top of the context (outside `#each`/`#with`, `../` back to it, or `@root.`). */
  const checkRootPath = (node: hbs.AST.PathExpression, parts: string[]) => {
    if (parts.length === 0) return;
    const [root, property] = parts;
    const shape = Object.hasOwn(context, root) ? context[root] : undefined;
    if (shape === undefined) {
      report(node, 'unknown_variable', `"${node.original}": there is no "${root}" in ${kind} messages (available: ${Object.keys(context).join(', ')})`);
      return;
    }
    if (part === 'subject' && SUBJECT_FORBIDDEN_ROOTS.includes(root)) {
      report(node, 'not_in_subject', `"${node.original}": ${root} may describe the child and must not appear in a subject (subjects show on lock screens and in mail lists); put it in the body`);
      return;
    }
    if (shape && property !== undefined && !shape.includes(property)) {
      report(node, 'unknown_variable', `"${node.original}": ${root} has no "${property}" (it has: ${shape.join(', ')})`);
    }
    if (root === 'answers' && declaredAnswers) {
      const path = parts.slice(1).join('.');
      const declared = path === '' ? declaredAnswers.length > 0
        : declaredAnswers.some((a) => a === path || a.startsWith(`${path}.`) || path.startsWith(`${a}.`));
      if (!declared) {
        report(node, 'undeclared_answer', `"${node.original}": ${path ? `answer "${path}" is` : 'no answer is'} not declared in the template's "answers" in notifications.json, so it would always be empty`);
      }
    }
  };

  /** `depth`: how many `#each`/`#with` blocks enclose the node (paths inside are relative to the item). */
  const checkValue = (node: hbs.AST.Expression, depth: number) => {
    if (node.type === 'SubExpression') {
      checkCall(node as hbs.AST.SubExpression, depth);
      return;
    }
    if (node.type !== 'PathExpression') return; // literals
    const path = node as hbs.AST.PathExpression;
    if (path.data) {
      if (path.parts[0] === 'root') checkRootPath(path, path.parts.slice(1));
      else if (!LOOP_DATA.includes(path.parts[0])) {
        report(path, 'unknown_variable', `"${path.original}" is not available (only @index, @first, @last, @key inside #each, and @root.<name>)`);
      }
      return;
    }
    if (path.depth > depth) {
      report(path, 'unknown_variable', `"${path.original}": "../" goes above the top of the message`);
      return;
    }
    if (path.depth === depth) checkRootPath(path, path.parts);
  };

  const helperName = (node: hbs.AST.Expression): string | null =>
    node.type === 'PathExpression' && !(node as hbs.AST.PathExpression).data ? (node as hbs.AST.PathExpression).original : null;

  const checkArguments = (node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash } & hbs.AST.Node, name: string, expected: number, depth: number) => {
    if (node.hash && node.hash.pairs.length > 0) report(node, 'helper_arguments', `"${name}" takes no named arguments`);
    if (node.params.length !== expected) {
      report(node, 'helper_arguments', `"${name}" takes ${expected} argument${expected === 1 ? '' : 's'}, not ${node.params.length}`);
    }
    node.params.forEach((p) => checkValue(p, depth));
    node.hash?.pairs.forEach((p) => checkValue(p.value, depth));
  };

  /** A helper call in a mustache (`{{formatDate x}}`) or subexpression (`(eq a b)`). */
  const checkCall = (node: hbs.AST.MustacheStatement | hbs.AST.SubExpression, depth: number) => {
    const name = helperName(node.path);
    if (name !== null && Object.hasOwn(VALUE_HELPERS, name)) {
      checkArguments(node, name, VALUE_HELPERS[name], depth);
    } else if (name !== null && BLOCK_HELPERS.includes(name)) {
      report(node, 'helper_arguments', `"${name}" needs a block: {{#${name} ...}}...{{/${name}}}`);
    } else {
      const shown = name ?? (node.path as any).original ?? String((node.path as any).value);
      report(node, 'unknown_helper', `unknown helper "${shown}" (helpers: ${[...BLOCK_HELPERS.map((h) => `#${h}`), ...Object.keys(VALUE_HELPERS)].join(', ')})`);
    }
  };

  const walk = (program: hbs.AST.Program | undefined, depth: number) => {
    for (const node of program?.body ?? []) {
      switch (node.type) {
        case 'ContentStatement':
        case 'CommentStatement':
          break;
        case 'MustacheStatement': {
          const m = node as hbs.AST.MustacheStatement;
          if (part === 'html' && !m.escaped) {
            report(m, 'unescaped_output', 'unescaped output ({{{...}}} or {{& ...}}) is not allowed in HTML: use {{...}} so text is escaped');
          }
          const name = helperName(m.path);
          const isCall = m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0 || (name !== null && (Object.hasOwn(VALUE_HELPERS, name) || BLOCK_HELPERS.includes(name)));
          if (isCall) checkCall(m, depth);
          else checkValue(m.path, depth);
          break;
        }
        case 'BlockStatement': {
          const b = node as hbs.AST.BlockStatement;
          const name = helperName(b.path);
          if (name === null || !BLOCK_HELPERS.includes(name)) {
            report(b, 'unknown_helper', `unknown block helper "${name ?? (b.path as any).original}" (block helpers: ${BLOCK_HELPERS.map((h) => `#${h}`).join(', ')})`);
            break;
          }
          checkArguments(b, name, 1, depth);
          // #each and #with change the context to the item: inside, plain paths are relative to it.
          walk(b.program, name === 'each' || name === 'with' ? depth + 1 : depth);
          walk(b.inverse, depth);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
          report(node, 'partial_not_allowed', 'partials ({{> ...}}) are not supported in message templates');
          break;
        default:
          report(node, 'not_supported', `${node.type} is not supported in message templates`);
      }
    }
  };
  walk(ast, 0);

  if (problems.length === 0) {
    try {
      templateEnv.precompile(source, compileOptions(part));
    } catch (e) {
      problems.push({ code: 'compile_error', message: parseErrorReason(e), ...parseErrorPosition(source, e) });
    }
  }
  return problems;
}

/** `line 3, column 7: message` (or just the message when the position is unknown). */
export function formatTemplateProblem(problem: TemplateProblem): string {
  if (problem.line === undefined) return problem.message;
  return `line ${problem.line}${problem.column !== undefined ? `, column ${problem.column}` : ''}: ${problem.message}`;
}
