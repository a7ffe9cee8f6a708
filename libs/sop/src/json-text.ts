/**
 * Parses JSON text and, when it is malformed, explains where and why (line, column, reason).
 * V8's JSON.parse messages do not always carry a position, so a small scanner locates the error.
 */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; line: number; column: number; reason: string };

export function parseJsonText(text: string): JsonParseResult {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(src) };
  } catch (e: any) {
    const found = locateJsonError(src);
    const { line, column } = lineColumn(src, found?.pos ?? 0);
    return { ok: false, line, column, reason: found?.reason ?? String(e?.message ?? e) };
  }
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return { line, column: col };
}

class JsonSyntax extends Error {
  constructor(
    readonly pos: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Returns the position and reason of the first syntax error, or null if the text is valid JSON. */
export function locateJsonError(text: string): { pos: number; reason: string } | null {
  let i = 0;
  const describe = (p: number) => (p >= text.length ? 'end of file' : `'${text[p]}'`);
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (reason: string, p = i): never => {
    throw new JsonSyntax(p, reason);
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    if (i >= text.length) fail('unexpected end of file, a value was expected');
    fail(`unexpected ${describe(i)}, a value was expected`);
  };
  const object = (): void => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') {
        if (text[i] === '}') fail("trailing comma before '}'");
        fail(`unexpected ${describe(i)}, a double-quoted property name was expected`);
      }
      string();
      ws();
      if (text[i] !== ':') fail(`unexpected ${describe(i)}, ':' was expected after the property name`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(`unexpected ${describe(i)}, ',' or '}' was expected (missing comma?)`);
    }
  };
  const array = (): void => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') fail("trailing comma before ']'");
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`unexpected ${describe(i)}, ',' or ']' was expected (missing comma?)`);
    }
  };
  const string = (): void => {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const n = text[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in string');
          i += 6;
          continue;
        }
        if (n === undefined || !'"\\/bfnrt'.includes(n)) fail(`invalid escape '\\${n ?? ''}' in string`);
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail('unescaped control character (e.g. a line break) in string');
      i++;
    }
    fail('unterminated string', start);
  };
  const number = (): void => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (!m) fail('invalid number');
    i += m![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof JsonSyntax) return { pos: e.pos, reason: e.reason };
    throw e;
  }
}
