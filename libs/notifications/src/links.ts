/**
 * Links in messages point at the web app. CMIS_PUBLIC_URL is the address users reach it at
 * (behind a proxy, the public one); default http://localhost:3000 for the local demo.
 */
export function publicLink(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = (env.CMIS_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}
