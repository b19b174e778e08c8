import { compileFilter, FilterError, type FilterOptions, type RecordFilter } from '../pipeline/record-filter.js';
import { UsageError } from '../model/errors.js';

/** The filter options into the run's predicate; a bad value is a usage error. */
export function resolveFilter(options: FilterOptions): RecordFilter | undefined {
  try {
    return compileFilter(options);
  } catch (err) {
    if (err instanceof FilterError) throw new UsageError(err.message);
    throw err;
  }
}
