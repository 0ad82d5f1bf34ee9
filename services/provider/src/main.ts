import { telemetry } from './telemetry';
import express from 'express';
import { closeServer, connectInfrastructure, createLogger, GracefulShutdown, handleHealthRequest, Health, keyringOf, listenHttp, loadConfigOrExit, notFoundProblem, problemHandler, securityHeaders } from '@checkout/platform';
import { ScopeName } from '@checkout/telemetry';
import { MongoSessionStore } from '@checkout/sessions';
import { metrics } from '@opentelemetry/api';
import { providerOptionsOf, providerSettings, unsafeProviderSettings } from './config';
import { MongoSandboxCheckouts } from '@checkout/providers';
import { MongoProviderAccountStore } from '@checkout/provider-accounts';
import { buildAccountClients } from './accounts/build-account-clients';
import { startProvider } from './start-provider';

async function main(): Promise<void> {
  const config = loadConfigOrExit('provider', providerSettings, unsafeProviderSettings);
  const logger = createLogger({ service: 'provider', level: config.logLevel });
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const { mongo, bus, checks, closeOnShutdown } = await connectInfrastructure('provider', config, { redis: false, mongo: true }, logger, metrics.getMeter(ScopeName.provider));
  const sandboxCheckouts = new MongoSandboxCheckouts(mongo.db);
  await sandboxCheckouts.ensureIndexes();
  const accountStore = new MongoProviderAccountStore(mongo.db, keyringOf(config));
  await accountStore.ensureIndexes();
  const accounts = buildAccountClients(config, sandboxCheckouts, accountStore, logger);
  const store = new MongoSessionStore(mongo.db);
  await store.ensureIndexes();
  const provider = await startProvider({ bus, store, accounts, accountStore, sandboxCheckouts, sandboxEnabled: config.providers.includes('sandbox') }, providerOptionsOf(config), logger);

  const health = new Health(checks);
  health.observe(metrics.getMeter(ScopeName.provider));
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.get(['/livez', '/readyz', '/metrics'], async (request, response) => void (await handleHealthRequest(health, request, response, telemetry.metrics)));
  app.use(provider.router);
  app.use(notFoundProblem);
  app.use(problemHandler(logger));
  const server = await listenHttp(app, config.port);

  shutdown
    .add('stop accepting requests', async () => {
      health.startDraining();
      await closeServer(server);
    })
    .add('stop consuming and sweeping', () => provider.stop());
  closeOnShutdown(shutdown);
  shutdown.add('flush telemetry', () => telemetry.shutdown());
  logger.info({ platformProviders: config.providers, port: config.port }, 'provider consuming');
}

main().catch((error: unknown) => {
  process.stderr.write(`provider: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
