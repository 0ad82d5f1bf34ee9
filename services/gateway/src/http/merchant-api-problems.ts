import { ErrorCode, problem, UnreachableCaseError } from '@checkout/contracts';
import type { MerchantApiError, MerchantApiErrorCode } from '../merchant-api/merchant-api-error';
import { ProblemError } from './problem-error';

function answerFor(code: MerchantApiErrorCode): { status: number; title: string } {
  switch (code) {
    case ErrorCode.InvalidQuery:
      return { status: 400, title: 'Invalid query parameters' };
    case ErrorCode.ValidationFailed:
      return { status: 400, title: 'Invalid request body' };
    case ErrorCode.InsecureWebhookUrl:
      return { status: 422, title: 'Webhook URL not allowed' };
    case ErrorCode.WebhookEndpointNotFound:
      return { status: 404, title: 'Webhook endpoint not found' };
    case ErrorCode.EventNotFound:
      return { status: 404, title: 'Event not found' };
    default:
      throw new UnreachableCaseError(code);
  }
}

/** A merchant API use case's refusal as its RFC 9457 answer. */
export function problemForMerchantApiError(error: MerchantApiError): ProblemError {
  const { status, title } = answerFor(error.code);
  return new ProblemError(problem(status, error.code, title, error.message, error.errors));
}
