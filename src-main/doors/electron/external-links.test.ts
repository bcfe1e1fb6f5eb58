import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-links.js';

const packaged = { serviceUrl: 'https://licensing.talkingphoto.app', packaged: true };
const developing = { serviceUrl: 'http://127.0.0.1:4510', packaged: false };

describe('what the app opens in the browser', () => {
  it('opens Stripe Checkout and the Billing Portal', () => {
    expect(isAllowedExternalUrl('https://checkout.stripe.com/c/pay/cs_test_a1#fid', packaged)).toBe(true);
    expect(isAllowedExternalUrl('https://billing.stripe.com/p/session/test_YWNjdA', packaged)).toBe(true);
  });

  it('opens the licensing service’s own pages', () => {
    expect(isAllowedExternalUrl('https://licensing.talkingphoto.app/confirm?token=x', packaged)).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:4510/checkout/fake', developing)).toBe(true);
  });

  it('refuses everything else: other hosts, look-alikes, plain http, other schemes, credentials', () => {
    for (const url of [
      'https://example.com/',
      'https://stripe.com.evil.example/checkout',
      'https://checkout.stripe.com.evil.example/',
      'https://evil-checkout.stripe.com/',
      'http://checkout.stripe.com/c/pay',
      'https://checkout.stripe.com:8443/c/pay',
      'https://user:pass@checkout.stripe.com/c/pay',
      'http://licensing.talkingphoto.app/',
      'https://licensing.talkingphoto.app.evil.example/',
      'file:///etc/passwd',
      'talkingphoto://checkout/done',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect([url, isAllowedExternalUrl(url, packaged)]).toEqual([url, false]);
    }
  });

  it('does not trust a licensing address the app itself would refuse', () => {
    expect(isAllowedExternalUrl('http://127.0.0.1:4510/checkout/fake', { serviceUrl: 'http://127.0.0.1:4510', packaged: true })).toBe(false);
    expect(isAllowedExternalUrl('http://licensing.example.com/x', { serviceUrl: 'http://licensing.example.com', packaged: false })).toBe(false);
  });
});
