import type { MerchantScope } from '@checkout/contracts';
import type { Document, Filter } from 'mongodb';

/**
 * The MongoDB filter of a scope's documents. Documents stored before modes existed have no
 * `livemode` and are live, so live matches "not false" (the applicationId equality still narrows by index).
 */
export function scopeFilter<T extends Document>(scope: MerchantScope): Filter<T> {
  return { applicationId: scope.applicationId, livemode: scope.livemode ? { $ne: false } : false } as unknown as Filter<T>;
}
