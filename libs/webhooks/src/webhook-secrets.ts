import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { SecretsKeyring, secretsKeyringOf } from '@app/identity';
import type { WebhookSubscriptionRow } from './webhook-subscriptions.repository';

/**
 * Signing secrets at rest, sealed with CMIS_SECRETS_KEY exactly like the two-factor secrets (bound to
 * the subscription's id, so a sealed secret copied onto another subscription does not open).
 */
@Injectable()
export class WebhookSecrets {
  private readonly keyring: SecretsKeyring;

  constructor(config: AppConfig) {
    this.keyring = secretsKeyringOf(config);
  }

  seal(subscriptionId: string, secret: string): string {
    return this.keyring.seal(owner(subscriptionId), secret);
  }

  /** The secrets that sign now: the current one, and the previous one until its rotation ends. */
  inUse(s: Pick<WebhookSubscriptionRow, 'id' | 'secretSealed' | 'previousSecretSealed' | 'previousSecretUntil'>, now: Date): string[] {
    const out = [this.keyring.open(owner(s.id), s.secretSealed).secret];
    if (s.previousSecretSealed && s.previousSecretUntil && new Date(s.previousSecretUntil) > now) {
      out.push(this.keyring.open(owner(s.id), s.previousSecretSealed).secret);
    }
    return out;
  }
}

function owner(subscriptionId: string): string {
  return `webhook:${subscriptionId}`;
}
