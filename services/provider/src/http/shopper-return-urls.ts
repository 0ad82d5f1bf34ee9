/** Where a provider sends a session's shopper back to us: `<base>/return/{provider}/{sessionId}`, served by shopperReturnRoutes. */
export class ShopperReturnUrls {
  private readonly base: string;

  constructor(publicBaseUrl: string) {
    this.base = new URL(publicBaseUrl).toString().replace(/\/$/, '');
  }

  of(providerId: string, sessionId: string): string {
    return `${this.base}/return/${encodeURIComponent(providerId)}/${encodeURIComponent(sessionId)}`;
  }
}
