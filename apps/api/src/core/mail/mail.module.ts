import { Global, Module } from '@nestjs/common';
import { MailService } from './mail.service.js';

/** Outgoing e-mail, available to every module. */
@Global()
@Module({ providers: [MailService], exports: [MailService] })
export class MailModule {}
