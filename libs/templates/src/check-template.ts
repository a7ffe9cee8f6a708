/**
 * Static checks of one template source before it is ever rendered: syntax, helpers, which variables
 * it reads, and the rules that keep a child's details out of subjects and escaping on in HTML.
 */
import { MESSAGE_CONTEXT, MessageKind, SUBJECT_FORBIDDEN_ROOTS } from './message-kinds';
import { parseErrorPosition, parseErrorReason } from './parse-error';
import { BLOCK_HELPERS, compileOptions, TemplatePart, templateEnv, VALUE_HELPERS } from './template-env';

export interface TemplateProblem {
  /** parse_error, unknown_helper, helper_arguments, unknown_variable, not_in_subject, root_context_in_subject, root_context, undeclared_answer, unescaped_output, partial_not_allowed, not_supported, compile_error */
  code: string;
  message: string;
  line?: number;
  /** 1-based. */
  column?: number;
}

/** `@` variables Handlebars sets inside `#each`; `@root` is handled as a root-level path. */
const LOOP_DATA = ['index', 'first', 'last', 'key'];

/**
 * What the context is at one level of `#each`/`#with` nesting: the top of the message (`root`, also
 * inside `{{#with this}}` or `{{#with @root}}`) or a value inside it (`item`).
 */
type Scope = 'root' | 'item';

/** Where a path is used: printed, passed to a helper (or `#if`), or the argument of `#each` or `#with`. */
type Use = 'output' | 'argument' | 'each' | 'with';

/**
 * Problems of a template source for a message kind and part. With `declaredAnswers` (the template's
 * `answers` list), reading an answer that is not declared is a problem too: it would always be empty.
 */
export function checkTemplateSource(source: string, kind: MessageKind, part: TemplatePart, declaredAnswers?: readonly string[]): TemplateProblem[] {
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

  const notInSubject = (node: hbs.AST.PathExpression, root: string) =>
    report(
      node,
      'not_in_subject',
      `"${node.original}": ${root} may describe the person the case is about and must not appear in a subject (subjects show on lock screens and in mail lists); put it in the body`,
    );

  /**
   * The whole context (`this`, `.` or `../` at the top, `@root`): it holds everything the message may
   * show, answers and the emergency-access reason included. Never in a subject; elsewhere only as the
   * argument of `#with` (inside, paths are checked as root paths), since printing it shows
   * "[object Object]" and `#each` over it goes through every variable unchecked.
   */
  const rootContext = (node: hbs.AST.PathExpression, use: Use) => {
    const what = use === 'each' || use === 'with' ? `"#${use} ${node.original}"` : `"${node.original}"`;
    if (part === 'subject') {
      report(
        node,
        'root_context_in_subject',
        `${what} reads the whole message, answers and reasons included, and must not be used in a subject (subjects show on lock screens and in mail lists): name the variables instead, e.g. {{case.number}}`,
      );
    } else if (use === 'each') {
      report(
        node,
        'root_context',
        `${what} goes through every variable of the message: name what to go through instead${kind === 'digest' ? ', e.g. {{#each overdue}}' : ''}`,
      );
    } else if (use === 'output') {
      report(node, 'root_context', `${what} is the whole message and would show as "[object Object]": name a variable instead, e.g. {{recipient.name}}`);
    } else if (use === 'argument') {
      report(node, 'root_context', `${what} is the whole message, not one value: name a variable instead, e.g. {{recipient.name}}`);
    }
  };

  /** A path read at the top of the context (outside `#each`/`#with`, `../` back to it, or `@root.`). */
  const checkRootPath = (node: hbs.AST.PathExpression, parts: string[]) => {
    const [root, property] = parts;
    const shape = Object.hasOwn(context, root) ? context[root] : undefined;
    if (shape === undefined) {
      report(node, 'unknown_variable', `"${node.original}": there is no "${root}" in ${kind} messages (available: ${Object.keys(context).join(', ')})`);
      return;
    }
    if (part === 'subject' && SUBJECT_FORBIDDEN_ROOTS.includes(root)) {
      notInSubject(node, root);
      return;
    }
    if (shape && property !== undefined && !shape.includes(property)) {
      report(node, 'unknown_variable', `"${node.original}": ${root} has no "${property}" (it has: ${shape.join(', ')})`);
    }
    if (root === 'answers' && declaredAnswers) {
      const path = parts.slice(1).join('.');
      const declared =
        path === '' ? declaredAnswers.length > 0 : declaredAnswers.some((a) => a === path || a.startsWith(`${path}.`) || path.startsWith(`${a}.`));
      if (!declared) {
        report(
          node,
          'undeclared_answer',
          `"${node.original}": ${path ? `answer "${path}" is` : 'no answer is'} not declared in the template's "answers" in notifications.json, so it would always be empty`,
        );
      }
    }
  };

  /** Whether an `#each`/`#with` argument is the whole context, so that paths inside it are root paths. */
  const isRootContext = (node: hbs.AST.Expression, scopes: readonly Scope[]): boolean => {
    if (node.type !== 'PathExpression') return false;
    const path = node as hbs.AST.PathExpression;
    if (path.data) return path.parts.length === 1 && path.parts[0] === 'root';
    const level = scopes.length - 1 - path.depth;
    return path.parts.length === 0 && level >= 0 && scopes[level] === 'root';
  };

  /** `scopes`: the context at each enclosing `#each`/`#with` level, the top of the message first. */
  const checkValue = (node: hbs.AST.Expression, scopes: readonly Scope[], use: Use = 'argument') => {
    if (node.type === 'SubExpression') {
      checkCall(node as hbs.AST.SubExpression, scopes);
      return;
    }
    if (node.type !== 'PathExpression') return; // literals
    const path = node as hbs.AST.PathExpression;
    if (path.data) {
      if (path.parts[0] === 'root') {
        if (path.parts.length === 1) rootContext(path, use);
        else checkRootPath(path, path.parts.slice(1));
      } else if (!LOOP_DATA.includes(path.parts[0])) {
        report(path, 'unknown_variable', `"${path.original}" is not available (only @index, @first, @last, @key inside #each, and @root.<name>)`);
      }
      return;
    }
    const level = scopes.length - 1 - path.depth;
    if (level < 0) {
      report(path, 'unknown_variable', `"${path.original}": "../" goes above the top of the message`);
      return;
    }
    if (scopes[level] === 'root') {
      if (path.parts.length === 0) rootContext(path, use);
      else checkRootPath(path, path.parts);
      return;
    }
    // Handlebars adds no "../" level for a block whose context equals the enclosing one (`{{#with case}}
    // {{#with this}}`, or two equal strings), so at run time a "../" path may read further up than the
    // nesting says, up to the top of the message: in a subject, treat every one as possibly there.
    if (part === 'subject' && path.depth > 0) {
      if (path.parts.length === 0) rootContext(path, use);
      else if (SUBJECT_FORBIDDEN_ROOTS.includes(path.parts[0])) notInSubject(path, path.parts[0]);
    }
  };

  const helperName = (node: hbs.AST.Expression): string | null =>
    node.type === 'PathExpression' && !(node as hbs.AST.PathExpression).data ? (node as hbs.AST.PathExpression).original : null;

  const checkArguments = (
    node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash } & hbs.AST.Node,
    name: string,
    expected: number,
    scopes: readonly Scope[],
    use: Use = 'argument',
  ) => {
    if (node.hash && node.hash.pairs.length > 0) report(node, 'helper_arguments', `"${name}" takes no named arguments`);
    if (node.params.length !== expected) {
      report(node, 'helper_arguments', `"${name}" takes ${expected} argument${expected === 1 ? '' : 's'}, not ${node.params.length}`);
    }
    node.params.forEach((p) => checkValue(p, scopes, use));
    node.hash?.pairs.forEach((p) => checkValue(p.value, scopes));
  };

  /** A helper call in a mustache (`{{formatDate x}}`) or subexpression (`(eq a b)`). */
  const checkCall = (node: hbs.AST.MustacheStatement | hbs.AST.SubExpression, scopes: readonly Scope[]) => {
    const name = helperName(node.path);
    if (name !== null && Object.hasOwn(VALUE_HELPERS, name)) {
      checkArguments(node, name, VALUE_HELPERS[name], scopes);
    } else if (name !== null && BLOCK_HELPERS.includes(name)) {
      report(node, 'helper_arguments', `"${name}" needs a block: {{#${name} ...}}...{{/${name}}}`);
    } else {
      const shown = name ?? (node.path as any).original ?? String((node.path as any).value);
      report(
        node,
        'unknown_helper',
        `unknown helper "${shown}" (helpers: ${[...BLOCK_HELPERS.map((h) => `#${h}`), ...Object.keys(VALUE_HELPERS)].join(', ')})`,
      );
    }
  };

  const walk = (program: hbs.AST.Program | undefined, scopes: readonly Scope[]) => {
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
          const isCall =
            m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0 || (name !== null && (Object.hasOwn(VALUE_HELPERS, name) || BLOCK_HELPERS.includes(name)));
          if (isCall) checkCall(m, scopes);
          else checkValue(m.path, scopes, 'output');
          break;
        }
        case 'BlockStatement': {
          const b = node as hbs.AST.BlockStatement;
          const name = helperName(b.path);
          if (name === null || !BLOCK_HELPERS.includes(name)) {
            report(
              b,
              'unknown_helper',
              `unknown block helper "${name ?? (b.path as any).original}" (block helpers: ${BLOCK_HELPERS.map((h) => `#${h}`).join(', ')})`,
            );
            break;
          }
          const changesContext = name === 'each' || name === 'with';
          checkArguments(b, name, 1, scopes, changesContext ? (name as Use) : 'argument');
          // #each and #with change the context to the item: inside, plain paths are relative to it, and
          // root paths again when the item is the whole context ({{#with this}}, {{#each @root}}: the
          // latter is refused, but what it contains is checked as strictly as root paths).
          const inner: Scope = changesContext && b.params.length === 1 && isRootContext(b.params[0], scopes) ? 'root' : 'item';
          walk(b.program, changesContext ? [...scopes, inner] : scopes);
          walk(b.inverse, scopes);
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
  walk(ast, ['root']);

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
