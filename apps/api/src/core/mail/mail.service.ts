import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobsService } from '../jobs/jobs.service.js';

export const SEND_EMAIL_QUEUE = 'send-email';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/**
 * Outgoing e-mail through the SMTP server of `SMTP_URL`, from `MAIL_FROM`. Without `SMTP_URL` e-mail is off:
 * `enabled` is false and callers skip their e-mails (and the preferences asking for them).
 *
 * Messages go through the `send-email` job queue: queued in the transaction of what caused them, sent after it
 * commits by whichever instance fetches the job, and retried with back-off while the SMTP server refuses or is down.
 * Delivery is at least once: a server that accepts a message and then drops the connection before answering gets
 * it again.
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly jobs: JobsService,
  ) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl, { from: config.mailFrom ?? undefined }) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  async onModuleInit(): Promise<void> {
    // 8 tries 30 s apart doubling each time: about two hours of an SMTP outage before a message is given up.
    await this.jobs.register<MailMessage>(SEND_EMAIL_QUEUE, (message) => this.send(message), {
      retryLimit: 8,
      retryDelaySeconds: 30,
      expireInSeconds: 120,
    });
  }

  /** Queues a message in the caller's transaction; it is sent once that commits. Nothing happens with e-mail off. */
  async queue(manager: EntityManager, message: MailMessage): Promise<void> {
    if (!this.enabled) return;
    await this.jobs.send(SEND_EMAIL_QUEUE, message, { manager });
  }

  /** Hands the message to the SMTP server at once; throws when it is refused or unreachable. */
  async send(message: MailMessage): Promise<void> {
    if (!this.transport) {
      // Queued while e-mail was on, run after a restart with it off.
      this.logger.warn({ subject: message.subject }, 'E-mail is off (no SMTP_URL); message dropped');
      return;
    }
    const info = (await this.transport.sendMail(message)) as { messageId?: string };
    this.logger.debug({ messageId: info.messageId, subject: message.subject }, 'E-mail sent');
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
