/**
 * commander's argument parser for a repeatable option: each use adds its value. No default list
 * is given to commander, so help shows no "(default: [])"; an option never used stays undefined.
 */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
