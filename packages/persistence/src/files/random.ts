/**
 * Random names for temp files, locks and tokens, from the Web Crypto global: Node loads it on
 * first use, whereas a static `import 'node:crypto'` costs every importer 5–8 ms of start-up
 * (and `lifeline ps`, which only reads, never needs it).
 */
export function randomId(): string {
  return globalThis.crypto.randomUUID();
}

/** `bytes` random bytes as hex (8 characters for 4 bytes). */
export function randomHex(bytes: number): string {
  const values = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
}
