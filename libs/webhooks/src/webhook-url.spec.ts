import { refusedWebhookUrl, webhookRetryDelay } from './webhook-url';

describe('webhook URLs', () => {
  it('accepts http and https, refuses other schemes, non-URLs and credentials', () => {
    expect(refusedWebhookUrl('https://hooks.example.org/cmis', false)).toBeNull();
    expect(refusedWebhookUrl('http://10.0.0.5:8080/in', false)).toBeNull();
    expect(refusedWebhookUrl('ftp://example.org/x', false)).toMatch(/http and https/);
    expect(refusedWebhookUrl('file:///etc/passwd', false)).toMatch(/http and https/);
    expect(refusedWebhookUrl('not a url', false)).toBe('not a URL');
    expect(refusedWebhookUrl('https://user:pw@example.org/', false)).toMatch(/credentials/);
  });

  it('in production plain http only to this machine', () => {
    expect(refusedWebhookUrl('http://hooks.example.org/cmis', true)).toMatch(/https/);
    expect(refusedWebhookUrl('http://127.0.0.1:9000/in', true)).toBeNull();
    expect(refusedWebhookUrl('http://localhost/in', true)).toBeNull();
    expect(refusedWebhookUrl('https://hooks.example.org/cmis', true)).toBeNull();
  });
});

describe('webhook retry delay', () => {
  const o = { baseMs: 30_000, maxMs: 6 * 3_600_000 };
  it('doubles from the base, capped, never more than the full delay nor less than three quarters of it', () => {
    expect(webhookRetryDelay(1, o, () => 0)).toBe(30_000);
    expect(webhookRetryDelay(2, o, () => 0)).toBe(60_000);
    expect(webhookRetryDelay(4, o, () => 0)).toBe(240_000);
    expect(webhookRetryDelay(20, o, () => 0)).toBe(6 * 3_600_000);
    expect(webhookRetryDelay(2, o, () => 0.999999)).toBe(45_000);
  });
});
