import type { SessionDocument } from '@checkout/contracts';

export type InsertResult = { inserted: true } | { inserted: false; existing: SessionDocument };

export interface SessionRepository {
  /** Inserts a new session; when (application, key) already has one, returns it instead. */
  insert(session: SessionDocument): Promise<InsertResult>;
  findForApplication(sessionId: string, applicationId: string): Promise<SessionDocument | null>;
  find(sessionId: string): Promise<SessionDocument | null>;
  markFailed(sessionId: string, failure: { code: string; detail: string }): Promise<void>;
  remove(sessionId: string): Promise<void>;
  /** PENDING → EXPIRED, atomically: the session if this call moved it, null otherwise. */
  expirePending(sessionId: string): Promise<SessionDocument | null>;
  /** Undoes expirePending when its announcement could not be published: EXPIRED → PENDING. */
  undoExpiry(sessionId: string): Promise<void>;
}
