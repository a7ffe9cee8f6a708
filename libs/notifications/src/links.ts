/**
 * Links in messages point at the web app: `base` is CMIS_PUBLIC_URL, the address users reach it at
 * (behind a proxy, the public one); AppConfig defaults it to http://localhost:$PORT for the local demo.
 */
export function publicLink(path: string, base: string): string {
  return `${base.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}
