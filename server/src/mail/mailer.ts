import type { FastifyBaseLogger } from 'fastify';

/**
 * How the service reaches a person by mail. Only password resets exist so far. A real
 * transport (SMTP, an email API) implements Mailer and is passed to buildApp; the default
 * below is for development and for deployments that have none yet.
 */
export interface PasswordResetMail {
  kind: 'password_reset';
  to: string;
  /** Carries the one-time token: it must appear nowhere but in the mail itself. */
  link: string;
  expiresAt: number;
}

export type Mail = PasswordResetMail;

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * The default transport. With TALKINGPHOTO_SERVER_MAIL=log the mail is printed as one stdout
 * line, `password reset mail for <email>: <link>`: that line *is* the mail, the only place
 * the link appears. Otherwise nothing is delivered and the log says so, without the
 * address or the link (log lines are kept and shipped; a mail's token must not be).
 */
export function defaultMailer(mode: 'log' | 'off', log: FastifyBaseLogger, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Mailer {
  return {
    async send(mail) {
      if (mode === 'log') {
        print(`password reset mail for ${mail.to}: ${mail.link}`);
        log.info({ mail: mail.kind }, 'mail printed on stdout');
      } else {
        log.warn({ mail: mail.kind }, 'mail not delivered: no mail transport is configured (TALKINGPHOTO_SERVER_MAIL=log prints mails on stdout)');
      }
    },
  };
}
