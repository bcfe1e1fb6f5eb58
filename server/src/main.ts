import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { ConfigError, configFromEnv, type ServiceConfig } from './config.js';
import { describeFailure } from './logger.js';
import { openStore } from './store/open-store.js';

/**
 * `npm run server`: the licensing service on the embedded SQLite database, or PostgreSQL
 * when DATABASE_URL is set. The first stdout line is exactly its URL; logs are JSON lines on
 * stderr. A configuration problem stops the start with one sentence per variable.
 */
async function main(): Promise<void> {
  let config: ServiceConfig;
  try {
    config = configFromEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`The licensing service cannot start:\n${error.problems.map((problem) => `  ${problem}\n`).join('')}`);
    process.exit(1);
  }

  let store;
  try {
    store = await openStore(config.store);
  } catch (error) {
    const where = 'databaseUrl' in config.store ? 'the PostgreSQL database at DATABASE_URL' : `the SQLite database in ${config.store.dataDir}`;
    process.stderr.write(`The licensing service cannot open ${where}: ${describeFailure(error).message}\n`);
    process.exit(1);
  }

  const app = await buildApp({ config, store });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'EADDRINUSE' ? 'another program uses that port: set PORT to a free one, or 0 for any' : describeFailure(error).message;
    process.stderr.write(`The licensing service cannot listen on ${config.host}:${config.port}: ${why}.\n`);
    await store.close();
    process.exit(1);
  }
  const { port } = app.server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  process.stdout.write(`http://${shownHost}:${port}\n`);

  const stop = async (signal: string): Promise<void> => {
    app.log.info({ signal }, 'stopping');
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

await main();
