import { PersistenceError } from '../errors';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The text of a state file, strictly: bytes that are not UTF-8 make the file corrupt
 * (ERR_CORRUPT_STATE naming the first bad byte), never a silent U+FFFD in a record. A leading
 * byte-order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch (cause) {
    throw new PersistenceError(
      'ERR_CORRUPT_STATE',
      `not valid UTF-8 (first bad byte at offset ${firstBadByte(bytes)})`,
      {
        cause,
      },
    );
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstBadByte(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // A prefix decodes iff it holds no bad byte, ignoring a sequence cut at its end: bisect on that.
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (decodes(bytes.subarray(0, mid))) lo = mid;
    else hi = mid;
  }
  return lo;
}

function decodes(prefix: Uint8Array): boolean {
  try {
    // stream: a sequence cut by the end of the prefix is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream: true });
    return true;
  } catch {
    return false;
  }
}
