import type { LocationNode } from '@app/pack-types';

/**
 * Each location code with its materialised path (`MD/CH/CH01/`), the form stored in `locations`,
 * users and cases: a place is within another when its path starts with the other's.
 */
export function locationPaths(root: LocationNode): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: LocationNode, prefix: string) => {
    const path = `${prefix}${node.code}/`;
    out.set(node.code, path);
    for (const child of node.children ?? []) walk(child, path);
  };
  walk(root, '');
  return out;
}
