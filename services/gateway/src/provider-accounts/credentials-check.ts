import { buildProvider, callBudget, DEFAULT_WEBHOOK_TOLERANCE_SECONDS, ProviderError, type ProviderCredentials, type ProviderEndpoints } from '@checkout/providers';

/** Where credentials are checked: the providers' API URLs; a check parses no webhook and runs no sandbox. */
export type CheckedProviderEndpoints = Omit<ProviderEndpoints, 'sandbox' | 'webhookToleranceSeconds'>;

/** Why the provider would not take the credentials, or could not be asked; never a credential in it. */
export class CredentialsRefused extends Error {
  constructor(
    readonly reachable: boolean,
    message: string,
  ) {
    super(message);
  }
}

/** One read-only call to the provider with an account's credentials, before they are saved. */
export interface CredentialsCheck {
  /** Throws CredentialsRefused when the provider refuses them or cannot be asked. */
  check(credentials: ProviderCredentials): Promise<void>;
}

/** Through the official SDKs (the same adapters as the checkouts), within a deadline. */
export class ProviderCredentialsCheck implements CredentialsCheck {
  constructor(
    private readonly endpoints: CheckedProviderEndpoints,
    private readonly timeoutMs: number,
  ) {}

  async check(credentials: ProviderCredentials): Promise<void> {
    if (credentials.provider === 'sandbox') return;
    let provider: ReturnType<typeof buildProvider>;
    try {
      provider = buildProvider(credentials, { ...this.endpoints, webhookToleranceSeconds: DEFAULT_WEBHOOK_TOLERANCE_SECONDS, sandbox: null });
    } catch (error) {
      throw new CredentialsRefused(true, `${credentials.provider} cannot use these credentials: ${withoutSecrets((error as Error).message, credentials)}`);
    }
    try {
      await provider.checkCredentials({ budget: callBudget(this.timeoutMs) });
    } catch (error) {
      const message = withoutSecrets(error instanceof Error ? error.message : String(error), credentials);
      if (error instanceof ProviderError && error.kind === 'retryable') throw new CredentialsRefused(false, `${credentials.provider} could not be reached to check the credentials (${error.code}): ${message}`);
      throw new CredentialsRefused(true, `${credentials.provider} refused the credentials${error instanceof ProviderError && error.status ? ` (HTTP ${error.status})` : ''}: ${message}`);
    }
  }
}

/** A provider's message with any credential it might quote taken out. */
function withoutSecrets(message: string, credentials: ProviderCredentials): string {
  let clean = message;
  for (const value of Object.values(credentials)) {
    if (typeof value === 'string' && value.length >= 8) clean = clean.split(value).join('[redacted]');
  }
  return clean.slice(0, 300);
}
