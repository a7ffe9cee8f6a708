import { VARIABLES } from './variables';
import type { VariableSpec } from './variable-types';

/** The Markdown table of every declared variable, as docs/configuration.md carries it. */
export function configurationTable(): string {
  const rows = (Object.entries(VARIABLES) as Array<[string, VariableSpec<unknown>]>).map(([name, s]) => {
    const def = s.defaultText ?? (s.default === undefined ? 'unset' : `\`${s.type === 'duration' ? readableDuration(Number(s.default)) : String(s.default)}\``);
    const where = s.scope === 'scripts' ? ' (scripts only)' : '';
    return `| \`${name}\` | ${s.type}: ${s.expected} | ${def} | ${s.secret ? 'yes' : ''} | ${s.description.replace(/\|/g, '\\|')}${where} |`;
  });
  return ['| Variable | Type and accepted values | Default | Secret | Meaning |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** 300000 → `5m`, 259200000 → `72h`: the largest unit (up to hours) that divides evenly. */
function readableDuration(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
