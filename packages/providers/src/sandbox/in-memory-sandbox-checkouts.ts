import type { SandboxCheckouts, SandboxClosedStatus, StoredSandboxCheckout } from './sandbox-checkouts';

export class InMemorySandboxCheckouts implements SandboxCheckouts {
  private readonly byId = new Map<string, StoredSandboxCheckout>();

  async find(id: string): Promise<StoredSandboxCheckout | null> {
    const checkout = this.byId.get(id);
    return checkout ? structuredClone(checkout) : null;
  }

  async close(id: string, status: SandboxClosedStatus): Promise<boolean> {
    const stored = this.byId.get(id);
    if (stored && stored.status !== 'open') return false;
    this.byId.set(id, { ...stored, _id: id, status, closedAt: new Date() });
    return true;
  }

  /** Stores a checkout as earlier versions did when it opened (for tests of the pages they left). */
  storeLegacy(checkout: StoredSandboxCheckout): void {
    this.byId.set(checkout._id, structuredClone(checkout));
  }
}
