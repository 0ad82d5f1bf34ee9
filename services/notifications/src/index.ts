export { startNotifications, type NotificationsAdapters, type NotificationsOptions, type RunningNotifications } from './start-notifications';
export { HttpWebhookSender } from './http/http-webhook-sender';
export { webhookHeaders } from './sign-webhook';
export { DeliverWebhooks } from './deliver-webhooks';
export { RecordMerchantEvent } from './record-merchant-event';
export { NotificationsTelemetry } from './notifications-telemetry';
export { notificationsOptionsOf, notificationsSettings, unsafeNotificationsSettings, type NotificationsConfig } from './config';
export type { WebhookSender, WebhookRequest } from './webhook-sender';
