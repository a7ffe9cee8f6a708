/**
 * Swagger UI (/api/docs) loads its scripts and styles from this server and uses inline styles and
 * data: images; nothing else may be loaded, framed or posted anywhere. The web app's service worker
 * and manifest come from this server only (stated, though default-src says as much).
 */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
};

/**
 * The web app document's policy: the API's, plus 'unsafe-eval' because the form validator (ajv, the
 * same library as the server) compiles each form's schema to a function at run time. Scripts still
 * load only from this server; nothing inline, nothing from elsewhere. Serving validators compiled on
 * the server would remove the exception (docs/adr/0007-web-app.md).
 */
export function webAppPolicy(): string {
  const d = CONTENT_SECURITY_POLICY.directives as Record<string, string[]>;
  const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return Object.entries(d)
    .map(([k, v]) => `${kebab(k)} ${(k === 'scriptSrc' ? [...v, "'unsafe-eval'"] : v).join(' ')}`)
    .join('; ');
}
