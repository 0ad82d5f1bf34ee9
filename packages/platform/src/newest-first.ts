import type { Document, Filter } from 'mongodb';

/** What a listed item is ordered by: its creation time, then its id. */
export interface Listed {
  _id: string;
  createdAt: Date;
}

/**
 * The one order of every list the API serves: newest first (createdAt, then _id, descending),
 * as a comparator: negative when `a` comes before `b`.
 */
export function newestFirst(a: Listed, b: Listed): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  return byTime !== 0 ? byTime : a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}

/** That order for a MongoDB `sort`. */
export const NEWEST_FIRST_SORT = { createdAt: -1, _id: -1 } as const;

/** The MongoDB filter of the items after `after` (the previous page's last) in that order; none without one. */
export function newestFirstAfter<T extends Document>(after: Listed | undefined): Filter<T> {
  if (!after) return {};
  return { $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, _id: { $lt: after._id } }] } as Filter<T>;
}
