import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';
import { SessionCache } from './session-cache';
import { SignInAttemptsRepository } from './sign-in-attempts.repository';
import { SignInEvents } from './sign-in-events';
import { TwoFactorService } from './two-factor.service';
import { TotpSecrets } from './totp-secrets.service';
import { TotpSecretsRepository } from './totp-secrets.repository';
import { UsersRepository } from './users.repository';

@Module({
  providers: [SessionCache, UsersRepository, SignInAttemptsRepository, SignInEvents, AuthService, TwoFactorService, TotpSecrets, TotpSecretsRepository],
  exports: [SessionCache, UsersRepository, SignInEvents, AuthService, TwoFactorService, TotpSecrets, TotpSecretsRepository],
})
export class IdentityModule {}
