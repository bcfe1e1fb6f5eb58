import type { FastifyBaseLogger } from 'fastify';

/**
 * How the service reaches a person by mail. A real transport (SMTP, an email API)
 * implements Mailer and is passed to buildApp; the default below is for development and
 * for deployments that have none yet. Mails go out after the answer (after-answer.ts).
 */
export interface LinkMail {
  /**
   * password_reset: the link sets a new password. sign_up: the link creates the account
   * asked for. account_exists: someone asked to sign up with an address that has an account
   * already; the link opens the app's account screen to sign in or reset the password.
   */
  kind: 'password_reset' | 'sign_up' | 'account_exists';
  to: string;
  /** May carry a one-time token: it must appear nowhere but in the mail itself. */
  link: string;
  /** When the link's token stops working; null for a link without one. */
  expiresAt: number | null;
}

export type Mail = LinkMail;

const SUBJECTS: Readonly<Record<Mail['kind'], string>> = {
  password_reset: 'password reset',
  sign_up: 'sign-up',
  account_exists: 'account exists',
};

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * The default transport. With TALKINGPHOTO_SERVER_MAIL=log the mail is printed as one stdout
 * line, `password reset mail for <email>: <link>` (or `sign-up mail …`, `account exists mail …`): that line *is* the mail, the only place
 * the link appears. Otherwise nothing is delivered and the log says so, without the
 * address or the link (log lines are kept and shipped; a mail's token must not be).
 */
export function defaultMailer(mode: 'log' | 'off', log: FastifyBaseLogger, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Mailer {
  return {
    async send(mail) {
      if (mode === 'log') {
        print(`${SUBJECTS[mail.kind]} mail for ${mail.to}: ${mail.link}`);
        log.info({ mail: mail.kind }, 'mail printed on stdout');
      } else {
        log.warn({ mail: mail.kind }, 'mail not delivered: no mail transport is configured (TALKINGPHOTO_SERVER_MAIL=log prints mails on stdout)');
      }
    },
  };
}
