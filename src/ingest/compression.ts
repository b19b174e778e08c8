/**
 * Compressed formats other than gzip, named from their magic bytes so that a user who hands one over
 * hears what it is and how to read it, rather than a count of binary "lines" in no known format.
 * logcodes decodes gzip only: the others would each need a library, and their command-line tools
 * are one pipe away.
 */

export interface Compression {
  /** How the message names it: "zstd-compressed data". */
  readonly what: string;
  /** The command that writes it out as text, given a file name. */
  readonly tool: string;
  readonly magic: readonly number[];
}

const COMPRESSIONS: readonly Compression[] = [
  { what: 'zstd-compressed data', tool: 'zstdcat', magic: [0x28, 0xb5, 0x2f, 0xfd] },
  { what: 'bzip2-compressed data', tool: 'bzcat', magic: [0x42, 0x5a, 0x68] },
  { what: 'xz-compressed data', tool: 'xzcat', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { what: 'a zip archive', tool: 'unzip -p', magic: [0x50, 0x4b, 0x03, 0x04] },
  { what: 'lz4-compressed data', tool: 'lz4cat', magic: [0x04, 0x22, 0x4d, 0x18] },
  { what: 'a 7-Zip archive', tool: '7z e -so', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
];

/** Bytes to look at before deciding: the longest magic. */
export const COMPRESSION_SNIFF_BYTES = 6;

/** The compression whose magic starts head, if any. */
export function recognizeCompression(head: Uint8Array): Compression | undefined {
  return COMPRESSIONS.find((c) => c.magic.length <= head.length && c.magic.every((byte, i) => head[i] === byte));
}

/** Whether head, shorter than the magics, could still be the start of one: wait for more bytes. */
export function couldBeCompression(head: Uint8Array): boolean {
  return COMPRESSIONS.some((c) => head.length < c.magic.length && head.every((byte, i) => c.magic[i] === byte));
}

/** The one-line hint: what the data looks like and the pipe that reads it. */
export function decompressHint(compression: Compression, fileName: string | undefined): string {
  const how = fileName === undefined ? `${compression.tool} FILE | logcodes` : `${compression.tool} ${quoteForShell(fileName)} | logcodes`;
  return `this looks like ${compression.what}: decompress it first (${how})`;
}

function quoteForShell(name: string): string {
  return /^[\w./+:@%-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}
