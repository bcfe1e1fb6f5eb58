import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Work a route does after its answer has gone out: looking the email up, hashing, writing
 * a token and sending the mail for sign-up and password reset. Doing it before answering
 * made the answer slower for an email with an account than for one without, which told
 * anyone which emails have accounts. A failure is logged (never answered: the answer is
 * gone), and closing the service waits for what is still running.
 */
export class AfterAnswer {
  private readonly queued = new WeakMap<FastifyRequest, { name: string; work: () => Promise<void> }[]>();
  private readonly running = new Set<Promise<void>>();

  /** Starts the queued work of each request once its response is sent; close() waits for it. */
  attach(app: FastifyInstance): void {
    app.addHook('onResponse', async (request) => {
      const work = this.queued.get(request);
      if (!work) return;
      this.queued.delete(request);
      for (const { name, work: run } of work) this.start(name, run, request.log);
    });
    app.addHook('onClose', async () => this.settled());
  }

  /** Runs `work` once the answer to `request` is sent. */
  later(request: FastifyRequest, name: string, work: () => Promise<void>): void {
    const list = this.queued.get(request) ?? [];
    list.push({ name, work });
    this.queued.set(request, list);
  }

  /** Resolves when no work is running (tests wait on it before reading mails). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private start(name: string, work: () => Promise<void>, log: FastifyBaseLogger): void {
    const running = work().catch((error: unknown) => {
      log.error({ work: name, errorName: (error as Error)?.name }, 'work after the answer failed');
    });
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
  }
}
