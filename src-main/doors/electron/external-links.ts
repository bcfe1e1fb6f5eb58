import { serviceUrlProblem } from '../../app/licensing/service-url.js';

/**
 * The only pages the app opens in the browser: the licensing service's own, and Stripe's
 * Checkout and Billing Portal, where its Upgrade and Manage buttons lead (issue 13). A
 * compromised page asking main to open anything else, a file: or custom-scheme URL above
 * all, is refused.
 */

/** Stripe Checkout and the Customer Billing Portal serve from these hosts (Stripe's docs). */
export const STRIPE_HOSTS: readonly string[] = ['checkout.stripe.com', 'billing.stripe.com'];

export function isAllowedExternalUrl(url: string, licensing: { serviceUrl: string; packaged: boolean }): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  // Credentials in a link are a phishing device, never something our pages send.
  if (target.username || target.password) return false;
  if (target.protocol === 'https:' && target.port === '' && STRIPE_HOSTS.includes(target.hostname)) return true;
  // The service's own pages, from an address the app would talk to at all (https, or
  // http on this computer in development).
  if (serviceUrlProblem(licensing.serviceUrl, licensing.packaged) !== undefined) return false;
  return target.origin === new URL(licensing.serviceUrl).origin;
}
