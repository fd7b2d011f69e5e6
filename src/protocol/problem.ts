import type { BaseIssue } from 'valibot';

/** Why a request was refused, as every natter backend reports it. */
export interface Problem {
  /** `too_long` over a limit; `invalid` for anything else. */
  code: 'invalid' | 'too_long';
  message: string;
  /** The field at fault (the last key of its path), when there is one. */
  field?: string;
}

/**
 * The first of a schema's issues as a {@link Problem}: an unknown field names
 * itself, a text rule keeps its own message, and `expected: "<=n"` (a length
 * limit) is `too_long`. `what` names the request, `field` the value when it is
 * not inside an object.
 */
export function problemOf(issues: readonly BaseIssue<unknown>[], what: string, field?: string): Problem {
  const issue = issues[0];
  if (issue === undefined) return { code: 'invalid', message: `The ${what} is invalid` };
  const path = issue.path ?? [];
  const last = path[path.length - 1];
  const key = last === undefined ? field : String(last.key);
  const at = key === undefined ? {} : { field: key };
  if (issue.type === 'strict_object') return { code: 'invalid', message: `Unknown field "${key}" in the ${what}`, ...at };
  const tooLong = issue.expected?.startsWith('<=') === true && issue.type !== 'max_value';
  // The protocol's text rules word their messages for people; valibot's own name the type.
  const message = issue.type === 'raw_transform' ? issue.message : `The ${key ?? what} is invalid: ${issue.message}`;
  return { code: tooLong ? 'too_long' : 'invalid', message, ...at };
}
