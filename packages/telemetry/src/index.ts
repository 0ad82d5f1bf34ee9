export * from './attributes';
export * from './with-span';
export * from './consumer-lag';
export * from './trace-log-fields';
export * from './within';
export * from './metrics-endpoint';
export * from './scrub-personal-data';
export * from './database-commands';
