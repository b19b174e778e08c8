/**
 * The W3C field list of an IIS record that came without its `#Fields:` line (a log cut from the
 * middle, a shipper that drops directives), inferred from the shape of its values. IIS writes the
 * fields it logs in one fixed order, whichever are chosen, and appends custom fields (such as
 * X-Forwarded-For) after them; so a record is some subset of that order. The candidates are the
 * subsets IIS configurations use: the default set and its usual additions.
 */

/** IIS's standard fields in the order it writes them; `optional` ones are left out of some sets. */
const IIS_FIELD_ORDER: readonly { name: string; optional: boolean }[] = [
  { name: 'date', optional: false },
  { name: 'time', optional: false },
  { name: 's-sitename', optional: true },
  { name: 's-computername', optional: true },
  { name: 's-ip', optional: true },
  { name: 'cs-method', optional: false },
  { name: 'cs-uri-stem', optional: false },
  { name: 'cs-uri-query', optional: false },
  { name: 's-port', optional: false },
  { name: 'cs-username', optional: false },
  { name: 'c-ip', optional: false },
  { name: 'cs-version', optional: true },
  { name: 'cs(User-Agent)', optional: false },
  { name: 'cs(Cookie)', optional: true },
  { name: 'cs(Referer)', optional: true },
  { name: 'cs-host', optional: true },
  { name: 'sc-status', optional: false },
  { name: 'sc-substatus', optional: false },
  { name: 'sc-win32-status', optional: false },
  { name: 'sc-bytes', optional: true },
  { name: 'cs-bytes', optional: true },
  { name: 'time-taken', optional: false },
  // The custom field most often added, after the standard ones.
  { name: 'X-Forwarded-For', optional: true },
];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{1,2}:\d{2}:\d{2}(?:\.\d{1,7})?$/;
const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(?:%\w+)?)$/;
const IP_LIST = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*)(?:,\s*(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]*))*$/;
const DIGITS = /^\d{1,10}$/;
const METHOD = /^[A-Z][A-Z-]*$/;

/**
 * How well a value fits a field: 2 when only that kind of field looks so (an address, a port, a
 * status), 1 when the field takes anything (0.5 for the cookie), 0 when it cannot be that field.
 */
function fit(name: string, value: string): number {
  const nil = value === '-';
  switch (name) {
    case 'date': return DATE.test(value) ? 2 : 0;
    case 'time': return TIME.test(value) ? 2 : 0;
    case 's-sitename': return /^W3SVC\d+$/i.test(value) ? 2 : 0;
    case 's-computername': return /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(value) && !DIGITS.test(value) && !METHOD.test(value) ? 2 : 0;
    case 's-ip':
    case 'c-ip': return IP.test(value) ? 2 : 0;
    case 'cs-method': return METHOD.test(value) ? 2 : 0;
    case 'cs-uri-stem': return value.startsWith('/') ? 2 : nil ? 1 : 0;
    case 's-port': return DIGITS.test(value) && Number(value) < 65536 ? 2 : 0;
    case 'cs-version': return /^(?:HTTP|HTTPS)\/\d(?:\.\d)?$/.test(value) ? 2 : nil ? 1 : 0;
    case 'cs(Referer)': return value.includes('://') ? 2 : nil ? 1 : 0;
    case 'cs-host': return /^[A-Za-z0-9.-]+(?::\d+)?$/.test(value) && value.includes('.') ? 2 : nil ? 1 : 0;
    case 'sc-status': return /^\d{3}$/.test(value) ? 2 : 0;
    case 'sc-substatus':
    case 'sc-win32-status':
    case 'sc-bytes':
    case 'cs-bytes':
    case 'time-taken': return DIGITS.test(value) ? 2 : 0;
    case 'X-Forwarded-For': return IP_LIST.test(value) ? 2 : nil ? 1 : 0;
    // Off by default in IIS, and as free as the user agent: it loses a tie with a field that is on.
    case 'cs(Cookie)': return 0.5;
    // cs-uri-query, cs-username, cs(User-Agent): anything without a space.
    default: return 1;
  }
}

/** Every candidate field list, grouped by length. */
const CANDIDATES = new Map<number, string[][]>();
{
  const optional = IIS_FIELD_ORDER.filter((field) => field.optional).map((field) => field.name);
  for (let mask = 0; mask < 1 << optional.length; mask++) {
    const names = IIS_FIELD_ORDER.filter((field) => !field.optional || (mask & (1 << optional.indexOf(field.name))) !== 0).map((field) => field.name);
    const list = CANDIDATES.get(names.length) ?? [];
    list.push(names);
    CANDIDATES.set(names.length, list);
  }
}

/** How well `names` fits `values`, or 0 when some value cannot be its field. */
export function layoutFit(names: readonly string[], values: readonly string[]): number {
  if (names.length !== values.length) return 0;
  let total = 0;
  for (let i = 0; i < names.length; i++) {
    const score = fit(names[i]!, values[i]!);
    if (score === 0) return 0;
    total += score;
  }
  return total;
}

/**
 * The field list that fits a headerless record best, or undefined when none of IIS's sets fits.
 * Of equal fits the first in the order above wins, which prefers fewer free-text fields.
 */
export function inferIisFields(values: readonly string[]): string[] | undefined {
  let best: string[] | undefined;
  let bestFit = 0;
  for (const names of CANDIDATES.get(values.length) ?? []) {
    const score = layoutFit(names, values);
    if (score > bestFit) {
      best = names;
      bestFit = score;
    }
  }
  return best;
}
