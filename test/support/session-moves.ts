import { claimOf, SessionLifecycle, updateOf, type CloseMove, type SessionStore } from '@checkout/sessions';
import { RecordingPublisher } from './recording-publisher';

/** A SessionLifecycle over `store` whose announcements a test can read (and make fail). */
export function recordedLifecycle(store: SessionStore, publisher = new RecordingPublisher()): { lifecycle: SessionLifecycle; publisher: RecordingPublisher } {
  return { lifecycle: new SessionLifecycle(store, publisher, 'urn:test'), publisher };
}

/** What a writer killed between its update and its publish leaves behind: the move claimed and applied, never announced. */
export async function strandMove(store: SessionStore, sessionId: string, move: CloseMove, claimedAt = new Date()): Promise<void> {
  await store.claim(claimOf(sessionId, move, claimedAt));
  await store.compareAndSet(sessionId, move.from, updateOf(move, new Date()));
}
