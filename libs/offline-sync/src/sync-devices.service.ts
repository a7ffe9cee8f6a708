import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock, DomainError } from '@app/core';
import type { CurrentUser } from '@app/identity';
import { isUuid } from '@app/cases';
import { deviceSecretMatches, hashDeviceSecret, newDeviceSecret, parseDeviceAuthorization } from './device-secret';
import { OfflineSyncErrorCode } from './offline-sync.errors';
import { replay } from './offline-sync.service';
import { SyncChangesRepository } from './sync-changes.repository';
import { SyncDevicesRepository } from './sync-devices.repository';
import type { DeviceRegistration, HandoverReceipt, HeldReason, QueuedChange, SyncOutcome } from './sync.types';

const HANDED_OVER: HeldReason = {
  code: OfflineSyncErrorCode.HandedOver,
  message: 'Handed over by the device after its session had ended (the user was deactivated or signed out): not applied, a reviewer must look at it.',
};

/**
 * Devices set up for offline work, and the one thing their secret allows: handing over a queue once
 * the session is gone (the user deactivated or signed out while offline), so the work is not lost.
 * A handover never applies a change: each is held for review, once per key.
 */
@Injectable()
export class SyncDevicesService {
  constructor(
    private readonly devices: SyncDevicesRepository,
    private readonly changes: SyncChangesRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A new device of the signed-in user; the secret is returned this once and only its hash is kept. */
  async register(user: CurrentUser): Promise<DeviceRegistration> {
    const deviceId = randomUUID();
    const secret = newDeviceSecret();
    await this.changes.transaction(async (em) => {
      await this.devices.insert(deviceId, user.id, hashDeviceSecret(secret), this.clock.now(), em);
      await this.audit.record({ actorId: user.id, actorRoles: user.roles, action: 'sync.device_registered', details: { deviceId } }, em);
    });
    return { deviceId, secret };
  }

  /** The user forgets a device (its offline store wiped, the phone lost): its secret hands over nothing more. */
  async revoke(user: CurrentUser, deviceId: string): Promise<void> {
    const notFound = () => new DomainError(OfflineSyncErrorCode.DeviceNotFound, 'You have no active device with this id.');
    if (!isUuid(deviceId)) throw notFound();
    await this.changes.transaction(async (em) => {
      if (!(await this.devices.revoke(em, deviceId, user.id, this.clock.now()))) throw notFound();
      await this.audit.record({ actorId: user.id, actorRoles: user.roles, action: 'sync.device_revoked', details: { deviceId } }, em);
    });
  }

  /** The queue of a device whose session is gone, kept held whatever the user's state; all of it or nothing. */
  async handover(authorization: string | undefined, queue: QueuedChange[]): Promise<HandoverReceipt> {
    const device = await this.authenticate(authorization);
    const now = this.clock.now();
    return this.changes.transaction(async (em) => {
      const outcomes: SyncOutcome[] = [];
      let handedOver = 0;
      for (const change of queue) {
        const ref = change.kind === 'register' ? null : change.case;
        const caseId = ref === null ? null : isUuid(ref) ? ref : await this.changes.caseOfTempId(device.userId, ref);
        if (await this.changes.insertHeld(device.userId, change, caseId, HANDED_OVER, now, em, device.id)) {
          handedOver++;
          outcomes.push({ key: change.key, outcome: 'held', reason: HANDED_OVER, caseId });
        } else {
          // Synced or handed over before: its first outcome stands.
          const seen = await this.changes.find(device.userId, change.key);
          outcomes.push(seen ? replay(change.key, seen) : { key: change.key, outcome: 'held', reason: HANDED_OVER, caseId });
        }
      }
      await this.devices.touch(em, device.id, now);
      await this.audit.record(
        {
          actorId: device.userId,
          actorRoles: device.userRoles,
          action: 'sync.handed_over',
          details: { deviceId: device.id, count: handedOver, received: queue.length },
        },
        em,
      );
      return { handedOver, outcomes };
    });
  }

  /** One refusal for an unknown device, a revoked one and a wrong secret, so none of them is revealed. */
  private async authenticate(authorization: string | undefined) {
    const given = parseDeviceAuthorization(authorization);
    const device = given ? await this.devices.find(given.deviceId) : null;
    const matches = given ? deviceSecretMatches(given.secret, device?.secretHash ?? null) : false;
    if (!device || !matches || device.revokedAt) {
      throw new DomainError(OfflineSyncErrorCode.DeviceUnauthorized, 'This device is not recognised: send Authorization: Device <deviceId>:<secret>.');
    }
    return device;
  }
}
