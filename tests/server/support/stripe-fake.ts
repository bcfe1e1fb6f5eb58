import { FakeServer, header, type FakeRequest } from '../../fakes/fake-server.js';

/**
 * The few Stripe endpoints the licensing service calls, on a local port, answering in
 * Stripe's own shapes: form-encoded requests in, JSON objects (or Stripe's error envelope)
 * out. The official `stripe` library is pointed here with its host/port/protocol options.
 */
export const FAKE_STRIPE_KEY = 'sk_test_fakeLicensingServiceKey';

export interface StripeFake {
  server: FakeServer;
  url: string;
  /** The form bodies POST /v1/checkout/sessions received, in order. */
  checkoutForms(): URLSearchParams[];
  portalForms(): URLSearchParams[];
  close(): Promise<void>;
}

const form = (request: FakeRequest): URLSearchParams => new URLSearchParams(request.body.toString('utf8'));

export async function startStripeFake(): Promise<StripeFake> {
  let made = 0;
  const refuseWrongKey = (request: FakeRequest) =>
    header(request, 'authorization') === `Bearer ${FAKE_STRIPE_KEY}`
      ? undefined
      : { status: 401, json: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } } };

  const server = await FakeServer.start((fake) => {
    fake.route('POST', '/v1/checkout/sessions', (request) => {
      const refused = refuseWrongKey(request);
      if (refused) return refused;
      const body = form(request);
      const id = `cs_test_${++made}`;
      return {
        json: {
          id,
          object: 'checkout.session',
          mode: body.get('mode'),
          status: 'open',
          client_reference_id: body.get('client_reference_id'),
          customer: body.get('customer'),
          customer_email: body.get('customer_email'),
          success_url: body.get('success_url'),
          cancel_url: body.get('cancel_url'),
          url: `https://checkout.stripe.com/c/pay/${id}`,
        },
      };
    });
    fake.route('POST', '/v1/billing_portal/sessions', (request) => {
      const refused = refuseWrongKey(request);
      if (refused) return refused;
      const body = form(request);
      const customer = body.get('customer');
      if (!customer) return { status: 400, json: { error: { type: 'invalid_request_error', param: 'customer', message: 'Missing required param: customer.' } } };
      const id = `bps_test_${++made}`;
      return { json: { id, object: 'billing_portal.session', customer, return_url: body.get('return_url'), url: `https://billing.stripe.com/p/session/${id}` } };
    });
  });

  return {
    server,
    url: server.url,
    checkoutForms: () => server.sent('POST', '/v1/checkout/sessions').map(form),
    portalForms: () => server.sent('POST', '/v1/billing_portal/sessions').map(form),
    close: () => server.close(),
  };
}
