import { ErrorCode, type ContractValidator, type ListQueries, ApiError } from '@checkout/contracts';

/** One page of a list answer: `hasMore` when items remain after the last one. */
export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

/** From `limit + 1` items fetched: the page of `limit`, and whether there were more. */
export function pageOf<S, T>(fetched: S[], limit: number, view: (item: S) => T): Page<T> {
  return { data: fetched.slice(0, limit).map(view), hasMore: fetched.length > limit };
}

/** A list route's query, validated (400 invalid_query with each offending parameter), with its default limit. */
export function validQuery<K extends keyof ListQueries>(validator: ContractValidator, kind: K, query: Record<string, unknown>): ListQueries[K] & { limit: number } {
  const result = validator.listQuery(kind, query);
  if (!result.ok) throw new ApiError(ErrorCode.InvalidQuery, 'The query parameters are invalid; see errors.', { errors: result.errors });
  return result.value;
}

/** `startingAfter` names nothing this application can see. */
export function unknownCursor(what: string, id: string, plural = `${what}s`): ApiError {
  return new ApiError(ErrorCode.InvalidQuery, `startingAfter: no ${what} ${id} exists for this application.`, {
    errors: [{ pointer: '/startingAfter', detail: `must be the id of one of this application's ${plural}` }],
  });
}

/** The item `startingAfter` names, looked up among the caller's own; a 400 when it names nothing. */
export async function cursorItem<T>(startingAfter: string | undefined, find: (id: string) => Promise<T | null>, what: string, plural = `${what}s`): Promise<T | undefined> {
  if (!startingAfter) return undefined;
  const item = await find(startingAfter);
  if (!item) throw unknownCursor(what, startingAfter, plural);
  return item;
}
