export { NatterError, isNatterError } from './model/errors';
export type { Backend } from './backend/backend';
