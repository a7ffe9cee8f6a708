import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MessageTemplateDef, SopPack } from '@app/pack-types';
import { buildPack } from '../../workflow/src/testing/pack-builder';
import { ChannelRegistry } from './channels/channel-registry';
import { ChannelAddressee, NotificationChannel } from './channels/channel';
import { InboxRepository } from './inbox.repository';
import { MessageRecipient, MessageRequest, Messenger } from './messenger';
import { NewOutboxMessage, OutboxRepository } from './outbox.repository';

interface InboxRow {
  em: EntityManager;
  userId: string;
  kind: string;
  caseId: string | null;
  title: string;
  body: string;
  dedupeKey: string;
  at: Date;
}

/** InboxRepository.insert: one row per dedupe key, like ON CONFLICT DO NOTHING. */
class FakeInbox {
  readonly rows: InboxRow[] = [];
  async insert(em: EntityManager, m: Omit<InboxRow, 'em'>): Promise<void> {
    if (!this.rows.some((r) => r.dedupeKey === m.dedupeKey)) this.rows.push({ em, ...m });
  }
}

/** OutboxRepository.enqueue: one row per dedupe key; returns whether the row is new. */
class FakeOutbox {
  readonly rows: Array<NewOutboxMessage & { em: EntityManager; at: Date }> = [];
  async enqueue(em: EntityManager, m: NewOutboxMessage, at: Date): Promise<boolean> {
    if (this.rows.some((r) => r.dedupeKey === m.dedupeKey)) return false;
    this.rows.push({ em, ...m, at });
    return true;
  }
}

function channel(id: string, carriesAnswers: boolean, addressOf: (u: ChannelAddressee) => string | null, enabled = true): NotificationChannel {
  return { id, carriesAnswers, enabled, addressOf, send: async () => undefined };
}

const email = channel('email', true, (u) => u.email);
const sms = channel('sms', false, (u) => u.phone);
const fax = channel('fax', true, (u) => u.email, false);
// Registered and enabled, but the pack does not list it.
const push = channel('push', true, (u) => u.email);

const reminder: MessageTemplateDef = {
  id: 'deadline_reminder',
  answers: ['initial_assessment.summary'],
  // fr first: a recipient whose language the template lacks must get the pack default (en), not the first one.
  locales: {
    fr: {
      subject: 'Rappel : dossier {{case.number}}',
      text: 'Bonjour {{recipient.name}}, {{deadline.label}}. Résumé : {{answers.initial_assessment.summary}}',
    },
    en: { subject: 'Reminder: case {{case.number}}', text: 'Hello {{recipient.name}}, {{deadline.label}}. Summary: {{answers.initial_assessment.summary}}' },
  },
};
const breakGlass: MessageTemplateDef = {
  id: 'break_glass',
  answers: [],
  locales: { en: { subject: 'Emergency access to case {{case.number}}', text: '{{actor.name}} opened case {{case.number}}. Reason: {{reason}}' } },
};

function pack(channels: string[] = ['email', 'sms', 'pager']): SopPack {
  return buildPack({
    notifications: { channels, digest: { enabled: false, hour: 6 }, templates: { deadline_reminder: reminder, break_glass: breakGlass } },
  });
}

const at = new Date('2026-03-02T08:00:00Z');
const em = { transaction: "the caller's" } as unknown as EntityManager;
const SUMMARY = 'Bruises on both arms';

const elena: MessageRecipient = {
  id: 'u-elena',
  name: 'Elena',
  locale: 'en',
  email: 'elena@example.org',
  phone: '+37360000001',
  answers: { initial_assessment: { summary: SUMMARY } },
};
const marie: MessageRecipient = {
  id: 'u-marie',
  name: 'Marie',
  locale: 'fr',
  email: 'marie@example.org',
  phone: null,
  answers: { initial_assessment: { summary: SUMMARY } },
};
// Romanian: the template has no ro, so the pack default (en) applies. Reads no answers.
const ion: MessageRecipient = { id: 'u-ion', name: 'Ion', locale: 'ro', email: null, phone: '+37360000003' };

const labels: Record<string, string> = { en: 'Initial assessment due', fr: 'Évaluation initiale', ro: 'Evaluarea inițială' };
function reminderRequest(contextLocales: string[] = []): MessageRequest {
  return {
    kind: 'deadline_reminder',
    templateId: 'deadline_reminder',
    caseId: 'case-1',
    dedupeKey: 'alert:42',
    context: (locale) => {
      contextLocales.push(locale);
      return {
        case: { number: 'CH-0007', link: 'https://cmis.example/cases/case-1', typeLabel: 'Child protection', stepLabel: 'Registration' },
        deadline: { label: labels[locale], dueAt: '2026-03-05T08:00:00Z', overdue: false },
        alert: { kind: 'reminder', level: 1 },
      };
    },
  };
}

function setup(channels: NotificationChannel[] = [email, sms, fax, push]) {
  const inbox = new FakeInbox();
  const outbox = new FakeOutbox();
  const messenger = new Messenger(inbox as unknown as InboxRepository, outbox as unknown as OutboxRepository, new ChannelRegistry(channels));
  return { inbox, outbox, messenger };
}

describe('Messenger', () => {
  let warnings: jest.SpyInstance;
  beforeEach(() => {
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warnings.mockRestore());

  it("writes one inbox row per recipient, once even when a recipient is listed twice, in the caller's transaction", async () => {
    const { inbox, outbox, messenger } = setup();
    const outcome = await messenger.send(em, pack(), [elena, marie, elena, ion], reminderRequest(), at);
    expect(outcome.inbox).toBe(3);
    expect(inbox.rows.map((r) => [r.userId, r.dedupeKey])).toEqual([
      ['u-elena', 'alert:42:u-elena'],
      ['u-marie', 'alert:42:u-marie'],
      ['u-ion', 'alert:42:u-ion'],
    ]);
    expect(inbox.rows.every((r) => r.em === em && r.at === at && r.kind === 'deadline_reminder' && r.caseId === 'case-1')).toBe(true);
    // The in-app inbox keeps no answers (it outlives the recipient's access); email carries them.
    expect(inbox.rows[0]).toMatchObject({ title: 'Reminder: case CH-0007', body: 'Hello Elena, Initial assessment due. Summary: ' });
    expect(outbox.rows.find((r) => r.userId === 'u-elena' && r.channel === 'email')!.text).toContain(SUMMARY);
  });

  it('queues one outbox row per listed, known channel on which the recipient has an address, keyed by cause, recipient and channel', async () => {
    const { outbox, messenger } = setup();
    const outcome = await messenger.send(em, pack(), [elena, marie, ion], reminderRequest(), at);
    expect(outbox.rows.map((r) => [r.dedupeKey, r.channel, r.address, r.userId])).toEqual([
      ['alert:42:u-elena:email', 'email', 'elena@example.org', 'u-elena'],
      ['alert:42:u-elena:sms', 'sms', '+37360000001', 'u-elena'],
      ['alert:42:u-marie:email', 'email', 'marie@example.org', 'u-marie'],
      ['alert:42:u-ion:sms', 'sms', '+37360000003', 'u-ion'],
    ]);
    expect(outcome.queued).toBe(4);
    expect(outbox.rows.every((r) => r.em === em && r.at === at && r.kind === 'deadline_reminder' && r.caseId === 'case-1')).toBe(true);
  });

  it('sending the same cause again queues and delivers nothing new', async () => {
    const { inbox, outbox, messenger } = setup();
    await messenger.send(em, pack(), [elena, marie], reminderRequest(), at);
    const again = await messenger.send(em, pack(), [elena, marie], reminderRequest(), at);
    expect(again.queued).toBe(0);
    expect(inbox.rows).toHaveLength(2);
    expect(outbox.rows).toHaveLength(3);
    // A different cause for the same people is a different message.
    const other = await messenger.send(em, pack(), [elena], { ...reminderRequest(), dedupeKey: 'alert:43' }, at);
    expect(other.queued).toBe(2);
  });

  it('gives email the answers but SMS a rendering without them', async () => {
    const { outbox, messenger } = setup();
    await messenger.send(em, pack(), [elena], reminderRequest(), at);
    const byChannel = Object.fromEntries(outbox.rows.map((r) => [r.channel, r]));
    expect(byChannel.email.text).toBe(`Hello Elena, Initial assessment due. Summary: ${SUMMARY}`);
    expect(byChannel.email.html).toContain(SUMMARY);
    expect(byChannel.sms.text).toBe('Hello Elena, Initial assessment due. Summary: ');
    expect(byChannel.sms.html).not.toContain('Bruises');
    expect(byChannel.sms.subject).toBe('Reminder: case CH-0007');
  });

  it('gives SMS a break-the-glass notice without the free-text reason, email and the inbox with it', async () => {
    const { inbox, outbox, messenger } = setup();
    const reason = 'Police report: child Ana Rusu alone at home';
    await messenger.send(
      em,
      pack(),
      [elena],
      {
        kind: 'break_glass',
        templateId: 'break_glass',
        caseId: 'case-1',
        dedupeKey: 'glass:1',
        context: () => ({
          case: { number: 'CH-0007', link: 'https://cmis.example/cases/case-1' },
          actor: { name: 'Ion Rusu' },
          reason,
          until: '2026-03-02T20:00:00Z',
        }),
      },
      at,
    );
    const byChannel = Object.fromEntries(outbox.rows.map((r) => [r.channel, r]));
    expect(byChannel.email.text).toBe(`Ion Rusu opened case CH-0007. Reason: ${reason}`);
    expect(byChannel.sms.text).toBe('Ion Rusu opened case CH-0007. Reason: ');
    expect(byChannel.sms.html).not.toContain('Police report');
    expect(inbox.rows[0].body).toContain(reason);
  });

  it('writes to each recipient in their language, and in the pack default when the template lacks it', async () => {
    const { inbox, outbox, messenger } = setup();
    const contextLocales: string[] = [];
    await messenger.send(em, pack(), [elena, marie, ion], reminderRequest(contextLocales), at);
    // The caller's context is built in the recipient's own language.
    expect(contextLocales).toEqual(['en', 'fr', 'ro']);
    const inboxOf = (id: string) => inbox.rows.find((r) => r.userId === id)!;
    expect(inboxOf('u-marie')).toMatchObject({ title: 'Rappel : dossier CH-0007', body: 'Bonjour Marie, Évaluation initiale. Résumé : ' });
    expect(outbox.rows.find((r) => r.userId === 'u-marie')!.html).toContain('lang="fr"');
    // Romanian is not in the template: the English text, with the Romanian deadline label the caller gave.
    expect(inboxOf('u-ion')).toMatchObject({ title: 'Reminder: case CH-0007', body: 'Hello Ion, Evaluarea inițială. Summary: ' });
    expect(outbox.rows.find((r) => r.userId === 'u-ion')!.html).toContain('lang="en"');
  });

  it('queues for a channel registered but not configured in this process (another process sends it); nothing for an unknown one, with one warning', async () => {
    const { outbox, messenger } = setup();
    await messenger.send(em, pack(['fax', 'pager']), [elena, marie], reminderRequest(), at);
    await messenger.send(em, pack(['fax', 'pager']), [elena], { ...reminderRequest(), dedupeKey: 'alert:43' }, at);
    expect(outbox.rows.map((r) => r.channel)).toEqual(['fax', 'fax', 'fax']);
    const warned = warnings.mock.calls.map((c) => String(c[0]));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/"pager".*not available/);
  });

  it('queues nothing but the inbox when the pack lists no channel', async () => {
    const { inbox, outbox, messenger } = setup();
    const outcome = await messenger.send(em, pack([]), [elena], reminderRequest(), at);
    expect(outcome).toEqual({ inbox: 1, queued: 0 });
    expect(inbox.rows).toHaveLength(1);
    expect(outbox.rows).toEqual([]);
  });

  it('uses the built-in template for a standard id the pack does not define, and refuses an unknown id', async () => {
    const { inbox, messenger } = setup();
    await messenger.send(em, pack(), [elena], { ...reminderRequest(), kind: 'deadline_escalation', templateId: 'deadline_escalation' }, at);
    expect(inbox.rows[0].title).toMatch(/^Overdue: Initial assessment due for case CH-0007/);
    // The built-in templates never show answers, whatever the recipient may read.
    expect(inbox.rows[0].body).not.toContain(SUMMARY);
    await expect(messenger.send(em, pack(), [elena], { ...reminderRequest(), templateId: 'no_such_template' }, at)).rejects.toThrow(/no_such_template/);
  });

  it('takes a template the sending pack lacks from the fallback pack (the version a case is pinned to)', async () => {
    const { inbox, messenger } = setup();
    const older = pack();
    const custom = { ...older.notifications.templates.deadline_reminder, id: 'visit_reminder' };
    older.notifications.templates = { ...older.notifications.templates, visit_reminder: custom };
    const request = { ...reminderRequest(), templateId: 'visit_reminder' };
    await expect(messenger.send(em, pack(), [elena], request, at)).rejects.toThrow(/visit_reminder/);
    await messenger.send(em, pack(), [elena], { ...request, templateFallback: older }, at);
    expect(inbox.rows[0].title).toBe('Reminder: case CH-0007');
  });
});
