import { expect } from 'chai';
import { MongoUnavailable } from '@checkout/platform';
import { callBudget, callProvider, classifyProviderFailure, failsOver, ProviderError, unanswered } from '../src/payment-provider';

describe('classifyProviderFailure', () => {
  const classified = (failure: Parameters<typeof classifyProviderFailure>[0]) => {
    const error = classifyProviderFailure(failure);
    return { kind: error.kind, code: error.code, failsOver: failsOver(error) };
  };

  it('should call an answer that never came, a timeout, a 429 or a 5xx retryable, and fail over', () => {
    expect(classified({ message: 'ECONNRESET' })).to.deep.equal({ kind: 'retryable', code: 'connection_error', failsOver: true });
    expect(classified({ message: 'ETIMEDOUT', timedOut: true })).to.deep.equal({ kind: 'retryable', code: 'timeout', failsOver: true });
    expect(classified({ message: 'slow down', status: 429, code: 'rate_limit' })).to.deep.equal({ kind: 'retryable', code: 'rate_limited', failsOver: true });
    expect(classified({ message: 'oops', status: 503 })).to.deep.equal({ kind: 'retryable', code: 'http_503', failsOver: true });
  });

  it('should call a 401 or 403 refused credentials: the next candidate is tried', () => {
    expect(classified({ message: 'Invalid API Key provided.', status: 401 })).to.deep.equal({ kind: 'credentials', code: 'credentials_rejected', failsOver: true });
    expect(classified({ message: 'forbidden', status: 403, code: 'adyen_010' })).to.deep.equal({ kind: 'credentials', code: 'credentials_rejected', failsOver: true });
  });

  it("should call another 4xx an invalid request, with the provider's code, and not fail over", () => {
    expect(classified({ message: 'Invalid integer', status: 400, code: 'parameter_invalid_integer' })).to.deep.equal({ kind: 'invalid_request', code: 'parameter_invalid_integer', failsOver: false });
    expect(classified({ message: 'gone', status: 404 })).to.deep.equal({ kind: 'invalid_request', code: 'http_404', failsOver: false });
  });

  it('should call any other answer unknown, and fail over', () => {
    expect(classified({ message: 'moved', status: 302 })).to.deep.equal({ kind: 'unknown', code: 'http_302', failsOver: true });
  });
});

describe('unanswered', () => {
  it("should take the message of an SDK's plain-object rejection, and never print [object Object]", () => {
    expect(unanswered(new Error('socket hang up'))).to.deep.equal({ message: 'socket hang up' });
    expect(unanswered({ name: 'ApiException', message: 'getaddrinfo ENOTFOUND checkout-test.adyen.com', statusCode: 500 })).to.deep.equal({ message: 'getaddrinfo ENOTFOUND checkout-test.adyen.com' });
    expect(unanswered({ weird: true })).to.deep.equal({ message: 'no answer' });
  });
});

describe('callProvider', () => {
  it("should classify the SDK's errors, and let a store of ours that is down through as it is", async () => {
    const budget = callBudget(1000);
    const refused = await callProvider('stripe', budget, () => Promise.reject(new Error('socket hang up')), unanswered).catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(ProviderError).and.include({ kind: 'retryable', code: 'connection_error' });
    const ours = new MongoUnavailable('MongoDB: connection timed out');
    expect(await callProvider('sandbox', callBudget(2000), () => Promise.reject(ours), unanswered).catch((error: unknown) => error)).to.equal(ours);
  });
});
