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
  /** A subscription Stripe knows (as Checkout would have made it), so DELETE /v1/subscriptions/:id finds it. */
  addSubscription(id: string, customer: string, status?: string): void;
  /** Stripe's view of a subscription: its status after the service's calls. */
  subscription(id: string): { id: string; customer: string; status: string } | undefined;
  /** The ids DELETE /v1/subscriptions/:id was called with, in order. */
  cancelledSubscriptions(): string[];
  close(): Promise<void>;
}

const form = (request: FakeRequest): URLSearchParams => new URLSearchParams(request.body.toString('utf8'));

export async function startStripeFake(): Promise<StripeFake> {
  let made = 0;
  const subscriptions = new Map<string, { id: string; customer: string; status: string; canceledAt: number | null }>();
  const refuseWrongKey = (request: FakeRequest) =>
    header(request, 'authorization') === `Bearer ${FAKE_STRIPE_KEY}` ? undefined : { status: 401, json: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } } };

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
    // Stripe's "Cancel a subscription": ends it now and answers the subscription object;
    // an id it does not know is a 404 with code resource_missing.
    fake.route('DELETE', '/v1/subscriptions/:id', (request) => {
      const refused = refuseWrongKey(request);
      if (refused) return refused;
      const id = request.params.id!;
      const found = subscriptions.get(id);
      if (!found) return { status: 404, json: { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such subscription: '${id}'` } } };
      if (found.status === 'canceled') {
        return { status: 400, json: { error: { type: 'invalid_request_error', message: `A canceled subscription can only update its cancellation_details and metadata.` } } };
      }
      found.status = 'canceled';
      found.canceledAt = Math.floor(Date.now() / 1000);
      return { json: { id, object: 'subscription', customer: found.customer, status: found.status, canceled_at: found.canceledAt, ended_at: found.canceledAt, cancel_at_period_end: false } };
    });
  });

  return {
    server,
    url: server.url,
    checkoutForms: () => server.sent('POST', '/v1/checkout/sessions').map(form),
    portalForms: () => server.sent('POST', '/v1/billing_portal/sessions').map(form),
    addSubscription: (id, customer, status = 'active') => void subscriptions.set(id, { id, customer, status, canceledAt: null }),
    subscription: (id) => {
      const found = subscriptions.get(id);
      return found && { id: found.id, customer: found.customer, status: found.status };
    },
    cancelledSubscriptions: () => server.sent('DELETE', /^\/v1\/subscriptions\//).map((r) => decodeURIComponent(r.path.split('/').at(-1)!)),
    close: () => server.close(),
  };
}
