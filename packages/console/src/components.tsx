import type { ComponentChildren } from 'preact';

/** Small pieces every page uses. */

const STATUS_TONE: Record<string, string> = {
  COMPLETED: 'good',
  delivered: 'good',
  enabled: 'good',
  completed: 'good',
  PENDING: 'info',
  pending: 'info',
  running: 'info',
  PROCESSING: 'info',
  FAILED: 'bad',
  failed: 'bad',
  disabled: 'bad',
  credentials_rejected: 'bad',
  EXPIRED: 'muted',
  abandoned: 'muted',
  cancelled: 'muted',
};

export function Status({ value }: { value: string }) {
  return <span class={`status status-${STATUS_TONE[value] ?? 'muted'}`}>{value}</span>;
}

export function Problem({ text }: { text: string | undefined }) {
  return text ? (
    <p class="problem" role="alert">
      {text}
    </p>
  ) : null;
}

export function Notice({ text }: { text: string | undefined }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

export function Loading({ when, children }: { when: boolean; children?: ComponentChildren }) {
  return when ? <p aria-busy="true">{children ?? 'Loading…'}</p> : null;
}

export function PageHeader({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <header class="page-header">
      <h1>{title}</h1>
      {children ? <div class="page-actions">{children}</div> : null}
    </header>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** An id in monospace that can be selected whole. */
export function Id({ value }: { value: string | null | undefined }) {
  return value ? <code class="id">{value}</code> : <span>—</span>;
}
