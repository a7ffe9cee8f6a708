import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { SecretsKeyError, SecretsKeyring } from './totp-secret-box';
import { TotpSecretsRepository } from './totp-secrets.repository';

/** The configured keyring (CMIS_SECRETS_KEY and its old keys). */
export function secretsKeyringOf(config: Pick<AppConfig, 'CMIS_SECRETS_KEY' | 'CMIS_SECRETS_OLD_KEYS' | 'NODE_ENV'>): SecretsKeyring {
  return SecretsKeyring.fromConfig({ key: config.CMIS_SECRETS_KEY, oldKeys: config.CMIS_SECRETS_OLD_KEYS, production: config.NODE_ENV === 'production' });
}

/**
 * Seals two-factor secrets before they are stored and opens them where a code is checked. Built when
 * the application starts, so production without CMIS_SECRETS_KEY stops there with the reason.
 */
@Injectable()
export class TotpSecrets {
  private readonly keyring: SecretsKeyring;
  private readonly logger = new Logger('TotpSecrets');

  constructor(
    config: AppConfig,
    private readonly repository: TotpSecretsRepository,
  ) {
    this.keyring = secretsKeyringOf(config);
  }

  seal(userId: string, secret: string): string {
    return this.keyring.seal(userId, secret);
  }

  /**
   * The base32 secret of a stored active secret. One stored in plain text (before encryption) or
   * under an old key is sealed with the current key on this use, if it is still the stored one.
   */
  async openActive(userId: string, stored: string): Promise<string> {
    const opened = this.opened(userId, stored);
    if (opened.needsReseal) await this.repository.replaceActive(userId, stored, this.keyring.seal(userId, opened.secret));
    return opened.secret;
  }

  /** The base32 secret of a stored pending secret (sealed again when it becomes active and is used). */
  openPending(userId: string, stored: string): string {
    return this.opened(userId, stored).secret;
  }

  /** A secret that does not open is a configuration fault (wrong or missing key), said in the log: the request fails. */
  private opened(userId: string, stored: string) {
    try {
      return this.keyring.open(userId, stored);
    } catch (e) {
      if (e instanceof SecretsKeyError) this.logger.error(`two-factor secret of user ${userId}: ${e.message}`);
      throw e;
    }
  }
}
