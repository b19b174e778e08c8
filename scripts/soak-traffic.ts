/** The request mix the soak scripts write: the same on every run, cheap to make at any rate. */
export const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
export const PATHS = ['/', '/api/orders', '/api/orders/42', '/api/users', '/static/app.js', '/login', '/health', '/search'];

/** Mostly 200s, some redirects and 404s, a background of 5xx and 499s, so triage has work each refresh. */
export function statusFor(i: number): number {
  const r = (i * 2654435761) % 1000;
  if (r < 8) return 502;
  if (r < 12) return 504;
  if (r < 14) return 500;
  if (r < 16) return 503;
  if (r < 20) return 499;
  if (r < 60) return 404;
  if (r < 120) return 304;
  if (r < 150) return 301;
  return 200;
}
