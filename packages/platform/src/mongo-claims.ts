import { MongoServerError, type Collection } from 'mongodb';

export interface Claim {
  _id: string;
  claimedAt: Date;
  [detail: string]: unknown;
}

/**
 * Claims `id` once across every process and replica: true for the single caller whose insert won.
 * FerretDB 1.x does not make a conditional update (`{status: 'PENDING'}` filter) atomic across
 * connections — several callers can all "win" it — but it does enforce unique `_id`s atomically.
 */
export async function claimOnce(claims: Collection<Claim>, id: string, detail: Record<string, unknown> = {}): Promise<boolean> {
  try {
    await claims.insertOne({ ...detail, _id: id, claimedAt: new Date() });
    return true;
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) return false;
    throw error;
  }
}

export async function findClaim(claims: Collection<Claim>, id: string): Promise<Claim | null> {
  return claims.findOne({ _id: id });
}

export async function releaseClaim(claims: Collection<Claim>, id: string): Promise<void> {
  await claims.deleteOne({ _id: id });
}
