import { createHmac } from 'node:crypto';
import { newWebhookSecret, signatureHeader, signPayload, verifySignature } from './webhook-signature';

describe('webhook signatures', () => {
  const body = '{"id":"1","type":"case.registered"}';

  it('signs "<timestamp>.<body>" with HMAC-SHA256, as a receiver recomputes it', () => {
    const expected = createHmac('sha256', 'whsec_a').update(`1700000000.${body}`).digest('hex');
    expect(signPayload('whsec_a', 1700000000, body)).toBe(expected);
    expect(signatureHeader(['whsec_a'], 1700000000, body)).toBe(`sha256=${expected}`);
  });

  it('during a rotation the header carries one signature per secret, and each secret verifies', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], 1700000000, body);
    expect(header.split(',')).toHaveLength(2);
    expect(verifySignature('whsec_new', header, 1700000000, body)).toBe(true);
    expect(verifySignature('whsec_old', header, 1700000000, body)).toBe(true);
    expect(verifySignature('whsec_other', header, 1700000000, body)).toBe(false);
  });

  it('a changed body or timestamp does not verify', () => {
    const header = signatureHeader(['whsec_a'], 1700000000, body);
    expect(verifySignature('whsec_a', header, 1700000001, body)).toBe(false);
    expect(verifySignature('whsec_a', header, 1700000000, body.replace('1', '2'))).toBe(false);
    expect(verifySignature('whsec_a', 'sha256=zz', 1700000000, body)).toBe(false);
  });

  it('new secrets are random and recognisable', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
