import { statusClassOf, type StatusClass } from '../model/status.js';

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
  return Number.isInteger(code) ? statusClassOf(code) : 'other';
}

export function classLabel(statusClass: StatusClass): string {
  return CLASS_LABELS[statusClass];
}
