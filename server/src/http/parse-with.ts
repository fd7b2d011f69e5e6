import { safeParse, type InferOutput } from 'valibot';
import { problemOf, query, type AnySchema } from 'natter/protocol';
import { ApiError } from './api-error';

/**
 * `value` checked by one of the protocol's schemas, or a 400 naming the first
 * field that is wrong (see `problemOf`). Nothing is stored before this passes.
 */
export function parseWith<S extends AnySchema>(schema: S, value: unknown, what: string, field?: string): InferOutput<S> {
  const result = safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output;
  const problem = problemOf(result.issues, what, field);
  throw new ApiError(400, problem.code, problem.message, problem.field === undefined ? {} : { field: problem.field });
}

/** A `page` query parameter: a page id under the protocol's rule. */
export function pageParam(value: string): string {
  return parseWith(query.pageId, value, 'page', 'page');
}
