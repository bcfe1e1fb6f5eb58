import { SIGN_IN_THROTTLE } from '../../../src-shared/licensing.js';
import { ServiceError } from '../http/service-error.js';
import type { FailureRun, LicensingStore } from '../store/store.js';

/**
 * Backoff for failed sign-ins (SIGN_IN_THROTTLE), kept in login_attempts so it holds across
 * restarts and across instances sharing one database. It is keyed on the email as typed
 * (normalised), not on an account, so an email with no account is slowed exactly like one
 * with an account and the 429 tells nothing. A throttled try never reaches the password
 * check and is not counted, so hammering does not lengthen the wait.
 */

interface Step {
  freeFailures: number;
  maxDelaySeconds: number;
}

/** When the next try may come after `run`, or null when it may come now. */
export function nextTryAt(run: FailureRun, step: Step): number | null {
  if (run.lastAt === null || run.count < step.freeFailures) return null;
  const doublings = Math.min(run.count - step.freeFailures, 30);
  const delaySeconds = Math.min(2 ** doublings, step.maxDelaySeconds);
  return run.lastAt + delaySeconds * 1000;
}

/** Throws the 429 (with its Retry-After in seconds) when `email` must wait before another try from `ip`. */
export async function checkSignInThrottle(store: LicensingStore, email: string, ip: string, now: number): Promise<void> {
  const since = now - SIGN_IN_THROTTLE.windowMinutes * 60_000;
  const { forEmail, fromAddress } = await store.signInFailures(email, ip, since);
  const waits = [nextTryAt(fromAddress, SIGN_IN_THROTTLE.perAddress), nextTryAt(forEmail, SIGN_IN_THROTTLE.perEmail)].filter((at): at is number => at !== null && at > now);
  if (waits.length === 0) return;
  const seconds = Math.ceil((Math.max(...waits) - now) / 1000);
  throw new ServiceError(429, 'TOO_MANY_REQUESTS', `Too many failed sign-ins for this email: wait ${seconds} second${seconds === 1 ? '' : 's'} and try again, or reset the password.`, seconds);
}
