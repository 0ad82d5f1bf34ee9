import { createLogger, InMemoryEventBus } from '@checkout/platform';
import { eventBusContract } from '../../../test/adapter-contracts/event-bus.contract';
import { uniqueName } from '../../../test/support/infra';

eventBusContract(
  'InMemoryEventBus',
  async () => ({ bus: new InMemoryEventBus(createLogger({ service: 'test', level: 'silent' }), 3, 5), newTopic: async () => uniqueName('topic') }),
  (fixture) => fixture.bus.close(),
);
