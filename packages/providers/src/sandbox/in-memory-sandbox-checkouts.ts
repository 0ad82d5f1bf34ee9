import type { SandboxCheckout, SandboxCheckouts, SandboxCheckoutStatus } from './sandbox-checkouts';

export class InMemorySandboxCheckouts implements SandboxCheckouts {
  private readonly byId = new Map<string, SandboxCheckout>();
  private readonly byKey = new Map<string, string>();

  async createOnce(checkout: SandboxCheckout): Promise<SandboxCheckout> {
    const existingId = this.byKey.get(checkout.idempotencyKey);
    if (existingId) return structuredClone(this.byId.get(existingId)!);
    this.byId.set(checkout._id, structuredClone(checkout));
    this.byKey.set(checkout.idempotencyKey, checkout._id);
    return structuredClone(checkout);
  }

  async find(id: string): Promise<SandboxCheckout | null> {
    const checkout = this.byId.get(id);
    return checkout ? structuredClone(checkout) : null;
  }

  async close(id: string, status: Exclude<SandboxCheckoutStatus, 'open'>): Promise<boolean> {
    const checkout = this.byId.get(id);
    if (checkout?.status !== 'open') return false;
    checkout.status = status;
    return true;
  }
}
