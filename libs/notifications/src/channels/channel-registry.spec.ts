import { Test } from '@nestjs/testing';
import { NotificationChannel } from './channel';
import { ChannelRegistry, NOTIFICATION_CHANNELS } from './channel-registry';
import { EmailChannel } from './email.channel';
import { loadConfig } from '@app/config';

function fake(id: string, enabled = true, close?: () => Promise<void>): NotificationChannel & { closed: number } {
  const c = {
    id,
    enabled,
    carriesAnswers: false,
    closed: 0,
    addressOf: () => null,
    send: async () => undefined,
    close: async () => {
      c.closed++;
      await close?.();
    },
  };
  return c;
}

describe('ChannelRegistry', () => {
  it('starts with the built-in email channel, configured by AppConfig (disabled without it)', async () => {
    for (const registry of [new ChannelRegistry(), new ChannelRegistry(undefined, loadConfig({}))]) {
      expect(registry.get('email')).toBeInstanceOf(EmailChannel);
      expect(registry.get('email')?.enabled).toBe(false);
      expect(registry.enabled()).toEqual([]);
      await registry.closeAll();
    }
    const configured = new ChannelRegistry(undefined, loadConfig({ CMIS_SMTP_URL: 'smtp://127.0.0.1:2525' }));
    expect(configured.enabled().map((c) => c.id)).toEqual(['email']);
    await configured.closeAll();
  });

  it('registers channels by id and refuses a second one with the same id', () => {
    const registry = new ChannelRegistry([]);
    const sms = fake('sms');
    registry.register(sms);
    expect(registry.get('sms')).toBe(sms);
    expect(registry.get('fax')).toBeUndefined();
    expect(() => registry.register(fake('sms'))).toThrow(/already registered/);
    expect(() => registry.register(fake(''))).toThrow(/non-empty id/);
  });

  it('lists only enabled channels, in registration order', () => {
    const registry = new ChannelRegistry([fake('a'), fake('b', false), fake('c')]);
    expect(registry.enabled().map((c) => c.id)).toEqual(['a', 'c']);
  });

  it('closes every channel even when one fails, then reports the failure', async () => {
    const a = fake('a');
    const b = fake('b', true, async () => {
      throw new Error('boom');
    });
    const c = fake('c');
    const registry = new ChannelRegistry([a, b, c]);
    await expect(registry.closeAll()).rejects.toThrow(/Closing notification channels failed: b/);
    expect([a.closed, b.closed, c.closed]).toEqual([1, 1, 1]);
  });

  it('works as a plain Nest provider, and as one fed by NOTIFICATION_CHANNELS; closes channels on shutdown', async () => {
    const plain = await Test.createTestingModule({ providers: [ChannelRegistry] }).compile();
    expect(plain.get(ChannelRegistry).get('email')).toBeInstanceOf(EmailChannel);
    await plain.close();

    const sms = fake('sms', true, async () => {
      throw new Error('shutdown must go on');
    });
    const mod = await Test.createTestingModule({
      providers: [ChannelRegistry, { provide: NOTIFICATION_CHANNELS, useValue: [sms] }],
    }).compile();
    const registry = mod.get(ChannelRegistry);
    expect(registry.get('email')).toBeUndefined();
    expect(registry.get('sms')).toBe(sms);
    await mod.close();
    expect(sms.closed).toBe(1);
  });
});
