// Solves one proof-of-work challenge (see proof.js) off the main thread, so typing stays smooth.
// A solution is a decimal counter n such that SHA-256(challenge + "." + n) starts with `bits` zero bits.

const BATCH = 256; // digests in flight at once: WebCrypto is asynchronous, one at a time wastes most of it

function zeroBits(hash) {
  const bytes = new Uint8Array(hash);
  let bits = 0;
  for (const byte of bytes) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}

self.onmessage = async ({ data: { challenge, bits } }) => {
  const encoder = new TextEncoder();
  const prefix = `${challenge}.`;
  for (let start = 0; ; start += BATCH) {
    const tries = [];
    for (let n = start; n < start + BATCH; n++) {
      tries.push(crypto.subtle.digest('SHA-256', encoder.encode(prefix + n)));
    }
    const hashes = await Promise.all(tries);
    const found = hashes.findIndex((hash) => zeroBits(hash) >= bits);
    if (found >= 0) {
      self.postMessage(String(start + found));
      return;
    }
  }
};
