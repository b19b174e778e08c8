import type { StatusClass } from '../model/status.js';

/** The five HTTP classes in order; 'other' is kept apart because it is not a real class. */
export const STATUS_CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx'];

const CLASS_LABELS: Readonly<Record<StatusClass, string>> = {
  '1xx': 'Informational',
  '2xx': 'Success',
  '3xx': 'Redirection',
  '4xx': 'Client Error',
  '5xx': 'Server Error',
  other: 'Outside the HTTP status range',
};

/** Class by hundreds for 100-599; anything else (000, 009, 600+, fractions) is 'other'. */
export function classOf(code: number): StatusClass {
  if (!Number.isInteger(code) || code < 100 || code > 599) return 'other';
  return STATUS_CLASSES[Math.floor(code / 100) - 1] ?? 'other';
}

export function classLabel(statusClass: StatusClass): string {
  return CLASS_LABELS[statusClass];
}
