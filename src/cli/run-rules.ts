import { vendorNamed, vendors } from '../codes/vendor-names.js';
import { alertRulesYaml } from '../export/rules.js';
import { parseFailRule } from '../triage/rules.js';
import type { RulesCommandOptions } from './options.js';
import { UsageError } from '../model/errors.js';

/** The rule the README's cron example alerts on, when none is given. */
const DEFAULT_RULES = ['5xx>2%'];

export function runRules(options: RulesCommandOptions): void {
  const texts = options.failOn.length > 0 ? options.failOn : DEFAULT_RULES;
  const rules = texts.map((text) => {
    try {
      return parseFailRule(text);
    } catch (err) {
      // The parser's message names the option and the rule already.
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  });
  const relative = rules.find((rule) => rule.relative !== undefined);
  if (relative !== undefined) {
    throw new UsageError(`--fail-on '${relative.text}' compares with a baseline file, which Prometheus alerting rules cannot read: use it with report --baseline`);
  }
  const vendor = options.vendor === undefined ? undefined : vendorNamed(options.vendor);
  if (options.vendor !== undefined && vendor === undefined) {
    throw new UsageError(`--vendor '${options.vendor}': known vendors are ${vendors.join(', ')}`);
  }
  process.stdout.write(alertRulesYaml(rules, { window: options.window, for: options.for, vendor }));
}
