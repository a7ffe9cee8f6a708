import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';
import { SignInAttemptsRepository } from './sign-in-attempts.repository';
import { SignInEvents } from './sign-in-events';
import { TwoFactorService } from './two-factor.service';
import { UsersRepository } from './users.repository';

@Module({
  providers: [UsersRepository, SignInAttemptsRepository, SignInEvents, AuthService, TwoFactorService],
  exports: [UsersRepository, SignInEvents, AuthService, TwoFactorService],
})
export class IdentityModule {}
