export * from './provider-account';
export * from './provider-account-store';
export * from './mongo-provider-account-store';
export * from './in-memory-provider-account-store';
export * from './account-terms';
export * from './account-view';
export * from './account-directory';
