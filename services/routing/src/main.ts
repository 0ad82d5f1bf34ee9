import { telemetry } from './telemetry';
import { connectInfrastructure, createLogger, GracefulShutdown, Health, loadConfigOrExit, startHealthServer } from '@checkout/platform';
import { ScopeName } from '@checkout/telemetry';
import { metrics } from '@opentelemetry/api';
import { routingOptionsOf, routingSettings } from './config';
import { RedisProviderSignals } from './signals/redis-provider-signals';
import { AccountDirectory, CachedAccountDirectory, MongoProviderAccountReader } from '@checkout/provider-accounts';
import { offeredProviders } from './platform-accounts';
import { startRouting } from './start-routing';

async function main(): Promise<void> {
  const config = loadConfigOrExit('routing', routingSettings);
  const logger = createLogger({ service: 'routing', level: config.logLevel });
  const options = routingOptionsOf(config);
  const shutdown = new GracefulShutdown(logger);
  shutdown.listen();

  const infrastructure = await connectInfrastructure('routing', config, { redis: true, mongo: true }, logger, metrics.getMeter(ScopeName.routing));
  // Without Redis routing still routes, on the catalog alone.
  const health = new Health(infrastructure.checks, { optional: ['redis'] });
  health.observe(metrics.getMeter(ScopeName.routing));
  const healthServer = await startHealthServer(health, config.healthPort, '0.0.0.0', telemetry.metrics);
  const accounts = new CachedAccountDirectory(new AccountDirectory(new MongoProviderAccountReader(infrastructure.mongo.db), offeredProviders(config.providers)), config.accountsCacheMs);
  const routing = await startRouting(infrastructure.bus, new RedisProviderSignals(infrastructure.redis), accounts, options, logger);

  shutdown.add('report not ready', async () => health.startDraining()).add('stop consuming', () => routing.stop());
  infrastructure.closeOnShutdown(shutdown);
  shutdown.add('close health server', async () => void healthServer.close()).add('flush telemetry', () => telemetry.shutdown());
  logger.info({ providers: options.catalog.providers.map((p) => p.id), enabled: config.providers }, 'routing consuming');
}

main().catch((error: unknown) => {
  process.stderr.write(`routing: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
