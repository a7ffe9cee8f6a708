import { pickLabel } from '@app/core';
import type { SopPack, Translated } from '@app/pack-types';
import type { CaseTransferListing } from './case-transfers.repository';

/**
 * A transfer as the API shows it: the case by number, type and step only. No child's name, ever:
 * incoming lists are read by people who may not read the case yet.
 */
export interface TransferView {
  id: string;
  status: string;
  case: { id: string; number: string; type: { id: string; label: string }; step: { id: string; label: string } };
  from: { user: { id: string; name: string } | null; teamId: string | null; agencyId: string | null; location: { code: string; name: string } };
  to: { user: { id: string; name: string }; teamId: string | null; agencyId: string | null; location: { code: string; name: string } };
  /** Null with `reasonHidden` for a reader who may not read it (free text: case-disclosure.ts). */
  reason: string | null;
  reasonHidden?: true;
  requestedBy: { id: string; name: string };
  requestedAt: string;
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

/** `pack`: the version the case runs on (its type and step labels). */
export function toTransferView(t: CaseTransferListing, pack: SopPack | null, locale: string): TransferView {
  const caseType = pack?.manifest.caseTypes.find((c) => c.id === t.caseType);
  const step = pack?.workflow.steps.find((s) => s.id === t.step);
  return {
    id: t.id,
    status: t.status,
    case: {
      id: t.caseId,
      number: t.caseNumber,
      type: { id: t.caseType, label: caseType ? pickLabel(caseType.label, locale) : t.caseType },
      step: { id: t.step, label: step ? pickLabel(step.label, locale) : t.step },
    },
    from: {
      user: t.fromUserId ? { id: t.fromUserId, name: t.fromUserName ?? '' } : null,
      teamId: t.fromTeamId,
      agencyId: t.fromAgencyId,
      location: place(t.fromLocationCode, t.fromLocationName, locale),
    },
    to: {
      user: { id: t.toUserId, name: t.toUserName },
      teamId: t.toTeamId,
      agencyId: t.toAgencyId,
      location: place(t.toLocationCode, t.toLocationName, locale),
    },
    reason: t.reason,
    requestedBy: { id: t.requestedBy, name: t.requestedByName },
    requestedAt: new Date(t.requestedAt).toISOString(),
    decidedBy: t.decidedBy ? { id: t.decidedBy, name: t.decidedByName ?? '' } : null,
    decidedAt: t.decidedAt ? new Date(t.decidedAt).toISOString() : null,
    decisionReason: t.decisionReason,
  };
}

function place(code: string, name: Translated | null, locale: string): { code: string; name: string } {
  return { code, name: name ? pickLabel(name, locale) || code : code };
}
