import { builtinFormats } from '../formats/builtin.js';
import { renderFormatList, type FormatListing } from '../report/formats-text.js';

export function runFormats(asJson: boolean): void {
  const listing: FormatListing[] = builtinFormats.map((format) => ({
    name: format.name,
    vendor: format.vendor,
    description: format.description,
    detection: format.detection,
    example: format.example,
  }));
  process.stdout.write(asJson ? `${JSON.stringify(listing, null, 2)}\n` : renderFormatList(listing, process.stdout.isTTY ? (process.stdout.columns ?? 80) : undefined));
}
