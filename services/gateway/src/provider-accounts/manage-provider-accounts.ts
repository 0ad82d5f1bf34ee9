import { ApiError, ErrorCode, modeOfScope, type ContractValidator, type CreateProviderAccountRequest, type ProviderAccountView } from '@checkout/contracts';
import {
  AccountChangedConcurrently,
  accountIdFor,
  AccountTermsError,
  accountView,
  constraintsFromApi,
  feesFromApi,
  newAccountId,
  WEBHOOK_SECRET_OVERLAP_MS,
  type AccountChanges,
  type ApiConstraints,
  type ApiFees,
  type ProviderAccount,
  type ProviderAccountStore,
} from '@checkout/provider-accounts';
import { credentialsHint, modeOf, type ProviderCredentials } from '@checkout/providers';
import type { Caller } from '../auth/caller';
import { requestFingerprint } from '../idempotency/fingerprint';
import { checkIdempotencyKey, keyReused } from '../idempotency/idempotency-key';
import { cursorItem, pageOf, validQuery, type Page } from '../merchant-api/pages';
import { CredentialsRefused, type CredentialsCheck } from './credentials-check';

export interface ProviderAccountSettings {
  /** Production takes no sandbox accounts: the sandbox completes a payment at a click. */
  allowSandbox: boolean;
}

/**
 * /api/v1/provider-accounts: an application's own accounts at the providers. Credentials are
 * checked with one call to the provider before they are saved, sealed at rest and never shown
 * again; another application's account is not found.
 */
export class ManageProviderAccounts {
  constructor(
    private readonly store: ProviderAccountStore,
    private readonly credentialsCheck: CredentialsCheck,
    private readonly validator: ContractValidator,
    private readonly settings: ProviderAccountSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** With an Idempotency-Key, every retry of the same request gets the same account (its id derives from the key); another body is a 422. */
  async create(caller: Caller, body: unknown, idempotencyKey?: string): Promise<ProviderAccountView> {
    const validation = this.validator.createProviderAccountRequest(body);
    if (!validation.ok) throw new ApiError(ErrorCode.ValidationFailed, 'The request body is invalid; see errors.', { errors: validation.errors });
    const request = validation.value;
    if (request.provider === 'sandbox' && !this.settings.allowSandbox) {
      throw new ApiError(ErrorCode.ValidationFailed, 'This deployment takes real payments only: the sandbox completes a payment at a click.', {
        errors: [{ pointer: '/provider', detail: 'sandbox accounts exist only in development and test deployments' }],
      });
    }
    const terms = termsOf(request.constraints as ApiConstraints | undefined, request.fees as ApiFees | undefined);
    const fingerprint = idempotencyKey === undefined ? undefined : requestFingerprint(request);
    const id = idempotencyKey === undefined ? newAccountId() : accountIdFor(caller, checkIdempotencyKey(idempotencyKey, 'a unique value per account you create, reused only to retry'));
    if (fingerprint) {
      const created = await this.store.find(id, caller);
      if (created) return replay(created, fingerprint);
    }
    const credentials = credentialsOf(request);
    ofCallersMode(caller, credentials);
    await this.checked(credentials);
    const now = this.now();
    const account: ProviderAccount = {
      _id: id,
      applicationId: caller.applicationId,
      provider: request.provider,
      label: request.label,
      mode: modeOf(credentials),
      status: 'enabled',
      statusReason: null,
      credentialsHint: credentialsHint(credentials),
      constraints: terms.constraints ?? null,
      fees: terms.fees ?? null,
      credentialsVersion: 1,
      ...(fingerprint ? { requestFingerprint: fingerprint } : {}),
      createdAt: now,
      updatedAt: now,
    };
    if (await this.store.insert(account, credentials)) return accountView(account);
    // A concurrent retry with the same key created it first.
    const created = await this.store.find(id, caller);
    if (!created || !fingerprint) throw new Error(`provider account ${id} exists but cannot be read`);
    return replay(created, fingerprint);
  }

  async list(caller: Caller, rawQuery: Record<string, unknown>): Promise<Page<ProviderAccountView>> {
    const query = validQuery(this.validator, 'page', rawQuery);
    const after = await cursorItem(query.startingAfter, (id) => this.store.find(id, caller), 'provider account');
    return pageOf(await this.store.list(caller, { limit: query.limit + 1, after }), query.limit, accountView);
  }

  async get(caller: Caller, accountId: string): Promise<ProviderAccountView> {
    return accountView(await this.owned(caller, accountId));
  }

  /**
   * Label, status (enabled, disabled), constraints, fees, credentials. New credentials are checked
   * first and enable the account; enabling one whose credentials were rejected checks them again.
   */
  async update(caller: Caller, accountId: string, body: unknown): Promise<ProviderAccountView> {
    const validation = this.validator.updateProviderAccountRequest(body);
    if (!validation.ok) throw new ApiError(ErrorCode.ValidationFailed, 'The request body is invalid; see errors.', { errors: validation.errors });
    const request = validation.value;
    const account = await this.owned(caller, accountId);
    const terms = termsOf(request.constraints as ApiConstraints | null | undefined, request.fees as ApiFees | null | undefined);
    const changes: AccountChanges = {
      ...(request.label !== undefined ? { label: request.label } : {}),
      ...(terms.constraints !== undefined ? { constraints: terms.constraints } : {}),
      ...(terms.fees !== undefined ? { fees: terms.fees } : {}),
    };
    const now = this.now();
    if (request.credentials !== undefined) {
      if (account.provider === 'sandbox') {
        throw new ApiError(ErrorCode.ValidationFailed, 'The sandbox has no credentials.', { errors: [{ pointer: '/credentials', detail: 'must be left out: the sandbox has no credentials' }] });
      }
      if (request.status === 'disabled') {
        throw new ApiError(ErrorCode.ValidationFailed, 'New credentials enable the account.', { errors: [{ pointer: '/status', detail: 'must not be disabled together with new credentials' }] });
      }
      const credentials = this.updatedCredentials(account.provider, request.credentials);
      ofCallersMode(caller, credentials);
      await this.checked(credentials);
      // The hint follows the new credentials; their mode is the caller's (checked above), so the account stays in its mode.
      const replaced = await this.store.replaceCredentials(account._id, credentials, changes, now, new Date(now.getTime() + WEBHOOK_SECRET_OVERLAP_MS)).catch((error: unknown) => {
        if (error instanceof AccountChangedConcurrently) throw new ApiError(ErrorCode.ProviderAccountChanged, `The credentials of ${accountId} were replaced by another request meanwhile; nothing of this one was saved.`);
        throw error;
      });
      if (!replaced) throw notFound(accountId);
      return accountView(replaced);
    }
    if (request.status === 'enabled' && account.status === 'credentials_rejected') {
      const stored = await this.store.credentialsOf(account._id, now);
      if (!stored) throw notFound(accountId);
      await this.checked(stored.credentials);
    }
    if (request.status !== undefined) Object.assign(changes, { status: request.status, statusReason: request.status === 'disabled' ? 'disabled by the merchant' : null });
    const updated = await this.store.update(account._id, changes, now);
    if (!updated) throw notFound(accountId);
    return accountView(updated);
  }

  /** Only a disabled account: its sessions still open keep their provider's webhooks until it is deleted. */
  async delete(caller: Caller, accountId: string): Promise<void> {
    const account = await this.owned(caller, accountId);
    if (account.status === 'enabled') throw new ApiError(ErrorCode.ProviderAccountEnabled, `Provider account ${accountId} is enabled: disable it first (PATCH {"status":"disabled"}).`);
    if (!(await this.store.delete(accountId, caller))) throw notFound(accountId);
  }

  private updatedCredentials(provider: 'stripe' | 'adyen', raw: unknown): ProviderCredentials {
    const validation = this.validator.providerCredentials(provider, raw);
    if (!validation.ok) throw new ApiError(ErrorCode.ValidationFailed, 'The credentials are invalid; see errors.', { errors: validation.errors });
    return credentialsOf({ provider, credentials: validation.value as Record<string, unknown> });
  }

  private async checked(credentials: ProviderCredentials): Promise<void> {
    try {
      await this.credentialsCheck.check(credentials);
    } catch (error) {
      if (!(error instanceof CredentialsRefused)) throw error;
      if (!error.reachable) throw new ApiError(ErrorCode.ProviderUnavailable, `${error.message}. Nothing was saved; try again.`);
      throw new ApiError(ErrorCode.ProviderCredentialsInvalid, `${error.message}. Nothing was saved.`, { errors: [{ pointer: '/credentials', detail: 'refused by the provider' }] });
    }
  }

  private async owned(caller: Caller, accountId: string): Promise<ProviderAccount> {
    const account = await this.store.find(accountId, caller);
    if (!account) throw notFound(accountId);
    return account;
  }
}

/** Refuses credentials of the other mode than the caller's: a test token never saves a live key, nor a live token a test one. */
function ofCallersMode(caller: Caller, credentials: ProviderCredentials): void {
  const mode = modeOf(credentials);
  if ((mode === 'live') === caller.livemode) return;
  const pointer = credentials.provider === 'stripe' ? '/credentials/secretKey' : credentials.provider === 'adyen' ? '/credentials/liveUrlPrefix' : '/provider';
  const callerMode = modeOfScope(caller.livemode);
  throw new ApiError(ErrorCode.ProviderAccountWrongMode, `These are ${mode} credentials, and this token is a ${callerMode}-mode token: it manages ${callerMode} accounts only. Nothing was saved.`, {
    errors: [{ pointer, detail: `${mode} credentials; a ${callerMode}-mode token takes ${callerMode} ones` }],
  });
}

/** The credentials as the adapters take them, from a request whose schema has been checked for its provider. */
function credentialsOf(request: Pick<CreateProviderAccountRequest, 'provider' | 'credentials'>): ProviderCredentials {
  const given = (request.credentials ?? {}) as Record<string, string>;
  switch (request.provider) {
    case 'stripe':
      return { provider: 'stripe', secretKey: given.secretKey!, webhookSecret: given.webhookSecret! };
    case 'adyen':
      return { provider: 'adyen', apiKey: given.apiKey!, merchantAccount: given.merchantAccount!, hmacKey: given.hmacKey!, liveUrlPrefix: given.liveUrlPrefix ?? null };
    case 'sandbox':
      return { provider: 'sandbox' };
  }
}

/** Constraints and fees in minor units; undefined when not given, null when cleared. */
function termsOf(constraints: ApiConstraints | null | undefined, fees: ApiFees | null | undefined) {
  try {
    return {
      constraints: constraints === undefined ? undefined : constraints === null ? null : constraintsFromApi(constraints),
      fees: fees === undefined ? undefined : fees === null ? null : feesFromApi(fees),
    };
  } catch (error) {
    if (!(error instanceof AccountTermsError)) throw error;
    const code = error.reason === 'too_many_decimals' ? ErrorCode.TooManyDecimals : error.reason === 'unsupported_currency' ? ErrorCode.UnsupportedCurrency : ErrorCode.ValidationFailed;
    throw new ApiError(code, error.message, { errors: error.errors });
  }
}

function replay(created: ProviderAccount, fingerprint: string): ProviderAccountView {
  if (created.requestFingerprint !== fingerprint) {
    throw keyReused('to create a provider account');
  }
  return accountView(created);
}

function notFound(accountId: string): ApiError {
  return new ApiError(ErrorCode.ProviderAccountNotFound, `No provider account ${accountId} exists for this application.`);
}
