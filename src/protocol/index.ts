// The wire contract between natter's widget and a natter server: schemas,
// limits, rules, error codes and the route table, for both packages.
export * from './error-codes';
export * from './limits';
export * from './text-rules';
export * from './schemas';
export * from './routes';
export { PROVIDERS } from './providers';
export { API_HEADERS } from './api';
export type * from './api';
export * from './problem';
