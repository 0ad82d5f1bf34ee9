import { apiTime, fromMinorUnits, isLive } from '@checkout/contracts';
import { completedLate, type SessionDocument } from './session-document';

/**
 * The session as its merchant sees it: GET /api/v1/sessions/{id}, the list, and `data.object` of
 * every merchant event. Never the customer's personal data, the idempotency record or the
 * redirect URLs: what a merchant's logs may keep without becoming a PII store.
 */
export function sessionView(session: SessionDocument) {
  const currency = session.currency;
  const major = (minor: number) => fromMinorUnits(minor, currency);
  const payment = session.payment ?? null;
  return {
    sessionId: session._id,
    livemode: isLive(session),
    orderReference: session.orderReference,
    status: session.status,
    checkoutUrl: session.checkoutUrl,
    paymentMethod: session.paymentMethod,
    currency,
    amount: { total: major(session.amount.totalMinor), shipping: major(session.amount.shippingMinor), tax: major(session.amount.taxMinor) },
    orderItems: session.orderItems.map((item) => ({ name: item.name, sku: item.sku, quantity: item.quantity, unitPrice: major(item.unitPriceMinor) })),
    additionalInformation: session.additionalInformation,
    routing: session.routing,
    provider: session.provider,
    payment: payment && { reference: payment.reference, completedAt: apiTime(payment.completedAt), late: completedLate(session) },
    attempts: session.attempts,
    failure: session.failure,
    expiresAt: apiTime(session.expiresAt),
    expiredAt: session.expiredAt ? apiTime(session.expiredAt) : null,
    customerErasedAt: session.customerErasedAt ? apiTime(session.customerErasedAt) : null,
    createdAt: apiTime(session.createdAt),
    updatedAt: apiTime(session.updatedAt),
  };
}

export type SessionView = ReturnType<typeof sessionView>;
