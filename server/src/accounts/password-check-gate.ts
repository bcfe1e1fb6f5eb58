import { ServiceError } from '../http/service-error.js';

/**
 * Each password check (scrypt) takes a core for about a quarter of a second and 32 MiB, so
 * a burst of them from one address would queue everybody else's behind it (16 parallel
 * sign-ins slowed a real one to 2.6 s). One address gets this many checks at a time; more
 * are refused at once, before any work, and cost nothing.
 */
export const PASSWORD_CHECKS_AT_ONCE_PER_ADDRESS = 2;

export class PasswordCheckGate {
  private readonly running = new Map<string, number>();

  constructor(private readonly perAddress: number = PASSWORD_CHECKS_AT_ONCE_PER_ADDRESS) {}

  async run<T>(address: string, work: () => Promise<T>): Promise<T> {
    const busy = this.running.get(address) ?? 0;
    if (busy >= this.perAddress) {
      throw new ServiceError(429, 'TOO_MANY_REQUESTS', 'Too many requests at once from your address: wait a second and try again.', 1);
    }
    this.running.set(address, busy + 1);
    try {
      return await work();
    } finally {
      const left = (this.running.get(address) ?? 1) - 1;
      if (left > 0) this.running.set(address, left);
      else this.running.delete(address);
    }
  }
}
