// The wire contract between the widget and a natter server, for both packages.
export * from './error-codes';
export type * from './api';
export type * from '../model/types';
export { PROVIDERS } from '../model/types';
