import { Injectable } from '@nestjs/common';
import { Clock, DomainError, pickLabel } from '@app/core';
import { CurrentUser, UsersRepository } from '@app/identity';
import { Messenger } from '@app/notifications';
import { SopRegistry } from '@app/sop-registry';
import { MessageContext, renderMessage, ReferralFormContext } from '@app/templates';
import { CaseAudit, CaseRecordsRepository } from '@app/cases';
import { ServiceDirectoryService } from '@app/service-directory';
import { ReferralAccess } from './referral-access';
import { packageSections, printableSections, sharedFieldPaths } from './referral-package';
import { ReferralErrorCode } from '../referrals.errors';

const YES_NO: Record<string, [string, string]> = { en: ['Yes', 'No'], fr: ['Oui', 'Non'], ro: ['Da', 'Nu'], ar: ['نعم', 'لا'] };

/**
 * The printable referral form (the pack's `referral_form` template) for a provider outside the
 * platform, or for the file: the same shared sections the platform's providers read, nothing more.
 */
@Injectable()
export class ReferralFormService {
  constructor(
    private readonly referralAccess: ReferralAccess,
    private readonly records: CaseRecordsRepository,
    private readonly directory: ServiceDirectoryService,
    private readonly users: UsersRepository,
    private readonly messenger: Messenger,
    private readonly registry: SopRegistry,
    private readonly audit: CaseAudit,
    private readonly clock: Clock,
  ) {}

  async render(user: CurrentUser, id: string, format: 'html' | 'text', locale: string): Promise<{ contentType: string; body: string }> {
    const { r, a, side } = await this.referralAccess.visible(user, id);
    if (side !== 'referring' || !a.perms.canOnCase('refer', 'case', a.facts)) {
      throw new DomainError(ReferralErrorCode.ReferralNotPermitted, 'Only the referring side prints the referral form.');
    }
    if (!r.sentAt || r.status === 'revoked') {
      throw new DomainError(
        ReferralErrorCode.ReferralStatusConflict,
        `The referral is ${r.status.replace(/_/g, ' ')}; only a referral that was sent can be printed.`,
        { referralStatus: r.status },
      );
    }
    const pack = (await this.registry.currentIfPublished())?.pack ?? a.sop.pack;
    const provider = (await this.directory.providersOf(pack)).find((p) => p.id === r.providerId);
    const type = pack.services.serviceTypes.find((t) => t.id === r.serviceType);
    const referrer = await this.users.findById(r.createdBy.id);
    const agency = pack.organisations.agencies.find((x) => x.id === referrer?.agencyId);
    const urgency = pack.optionLists.urgency_levels?.find((o) => o.value === r.urgency);
    const sections = packageSections(a.sop, r.sharedFields, await this.records.submissions(r.caseId), locale);
    const context: ReferralFormContext = {
      case: { number: r.caseNumber },
      referral: {
        service: type ? pickLabel(type.label, locale) : r.serviceType,
        provider: provider ? pickLabel(provider.name, locale) : r.providerId,
        status: r.status,
        reason: r.reason,
        urgency: urgency ? pickLabel(urgency.label, locale) : r.urgency,
        sentAt: r.sentAt,
        respondBy: r.respondBy,
        consent: r.consentOverridden
          ? `not recorded; overridden with a written reason (${r.consentPurpose})`
          : `granted (${r.consentPurpose ?? 'not required'})`,
      },
      provider: {
        name: provider ? pickLabel(provider.name, locale) : r.providerId,
        phone: provider?.contact?.phone ?? null,
        email: provider?.contact?.email ?? null,
        address: provider?.contact?.address ?? null,
        person: provider?.contact?.person ?? null,
      },
      referrer: {
        name: r.createdBy.name,
        agency: agency ? pickLabel(agency.name, locale) : null,
        email: referrer?.email ?? null,
        phone: referrer?.phone ?? null,
      },
      sections: printableSections(a.sop, sections, locale, YES_NO[locale] ?? YES_NO.en),
      generatedAt: this.clock.now(),
    };
    const template = this.messenger.template(pack, 'referral_form', a.sop.pack);
    const out = renderMessage(template, locale, pack.manifest.defaultLocale, context as MessageContext, { timeZone: pack.manifest.timezone });
    await this.audit.record(user, 'referral.form_printed', r.caseId, sharedFieldPaths(r.sharedFields), { referralId: id, format });
    return format === 'html'
      ? { contentType: 'text/html; charset=utf-8', body: out.html }
      : { contentType: 'text/plain; charset=utf-8', body: `${out.subject}\n\n${out.text}` };
  }
}
