export { NatterError, isNatterError } from './model/errors.ts';
export type { Backend } from './backend/backend.ts';
