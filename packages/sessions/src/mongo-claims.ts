/** Where the claims of moves live (`claimIdOf`): one per session leaving a claimed state, its single writer. */
export const SESSION_TRANSITIONS_COLLECTION = 'session_transitions';

/** Serves findUnannounced: only a few claims are unannounced at any time. */
export const MOVE_CLAIM_INDEXES = [{ key: { announced: 1, claimedAt: 1 }, name: 'announced_claimedAt' }] as const;
