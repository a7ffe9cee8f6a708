import { Module } from '@nestjs/common';
import { AuthService } from './auth.service';
import { UsersRepository } from './users.repository';

@Module({ providers: [UsersRepository, AuthService], exports: [UsersRepository, AuthService] })
export class IdentityModule {}
