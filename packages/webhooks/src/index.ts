export * from './endpoint';
export * from './merchant-event';
export * from './delivery';
export * from './retry-schedule';
export * from './address-policy';
export * from './stores';
export * from './in-memory-webhook-stores';
export * from './mongo-webhook-stores';
