/**
 * The scores a format's match() gives a line, by what the line shows of its format. Detection adds
 * them over a source's first lines and picks the best total (src/formats/detect.ts), so the tiers
 * decide which format wins when two fit the same lines: give a new format the tier of what its
 * lines show, not a number of its own.
 *
 * The CLF family (nginx and Apache common, combined, main…) scores within a ladder of its own
 * below these, 1 to 12 by how exactly a line fits each shape, plus VENDOR_HINT_BONUS
 * (src/formats/logformat/clfline.ts) when the line carries one server's signature.
 */
export const MatchScore = {
  /** The line names its format: an IIS #Fields: or #Software: directive, a CSV header naming its fields, a logger's name. */
  declared: 100,
  /** Fields in the places and shapes only this format writes (ALB's request type, ISO time, processing times and status pair). */
  distinctive: 90,
  /** Most of what the format writes, a look-alike still possible (Caddy's "handled request" with its request object). */
  typical: 80,
  /** A few keys the format writes (Cloudflare's RayID with its timestamp or host). */
  likely: 60,
  /** A custom --format or --log-format line that fits: above any CLF-family score, vendor bonus included. */
  customFit: 50,
  /** The family's general shape with nothing of this format's own (a W3C data line, no directive seen). */
  shape: 40,
  /** A trace of the format on a line that may be something else (a zap JSON log line of Caddy's runtime). */
  trace: 30,
} as const;

/** One step down within a tier: the format of the two that fits such lines less specifically (classic ELB below ALB). */
export const MATCH_STEP = 5;
