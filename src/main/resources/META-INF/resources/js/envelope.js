// Haven envelopes {v:1, kid, enc, ct}: padded plaintext sealed with HPKE, info = "haven/v1/<purpose>",
// aad = "haven-envelope/v1/<kid>". Mirrors org.haven.crypto.Envelopes; specified in docs/envelope.md.

import { open, seal } from './hpke.js';

const utf8 = new TextEncoder();
const PURPOSES = ['report', 'message', 'reply', 'note', 'attachment', 'grant'];
const KID = /^[A-Za-z0-9_-]{1,64}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;
const TAG = 16;
const MIB = 1024 * 1024;
const MAX_PADDED = 1024 * MIB;

export function b64urlEncode(bytes) {
  let s = '';
  // Chunked: String.fromCharCode(...bytes) overflows the stack on attachments.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict: no padding, URL alphabet only, canonical last character (as org.haven.crypto.Base64Url). */
export function b64urlDecode(text) {
  if (typeof text !== 'string' || !B64URL.test(text) || text.length % 4 === 1) {
    throw new Error('not base64url');
  }
  const tail = text.length % 4;
  if (tail !== 0) {
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(text[text.length - 1]);
    if ((last & (tail === 2 ? 0x0f : 0x03)) !== 0) throw new Error('non-canonical base64url');
  }
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function isBucketSize(size) {
  if (!Number.isInteger(size) || size < 1024 || size > MAX_PADDED) return false;
  if (size <= MIB) return (size & (size - 1)) === 0;
  return size % MIB === 0;
}

function bucketFor(needed) {
  if (needed > MAX_PADDED) throw new Error('plaintext too large to pad');
  if (needed <= MIB) {
    let bucket = 1024;
    while (bucket < needed) bucket *= 2;
    return bucket;
  }
  return Math.ceil(needed / MIB) * MIB;
}

/** 4-byte big-endian length || bytes || zeros, to the smallest bucket (1 KiB doubling to 1 MiB, then whole MiB). */
export function pad(bytes) {
  const padded = new Uint8Array(bucketFor(4 + bytes.length));
  new DataView(padded.buffer).setUint32(0, bytes.length);
  padded.set(bytes, 4);
  return padded;
}

export function unpad(padded) {
  if (!isBucketSize(padded.length)) throw new Error('padded size is not a bucket size');
  const length = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0);
  if (length > padded.length - 4) throw new Error('bad padding length prefix');
  if (bucketFor(4 + length) !== padded.length) throw new Error('padding is not the smallest bucket');
  for (let i = 4 + length; i < padded.length; i++) {
    if (padded[i] !== 0) throw new Error('non-zero padding');
  }
  return padded.slice(4, 4 + length);
}

function info(purpose) {
  if (!PURPOSES.includes(purpose)) throw new Error('unknown purpose');
  return utf8.encode('haven/v1/' + purpose);
}

function aad(kid) {
  if (typeof kid !== 'string' || !KID.test(kid)) throw new Error('bad kid');
  return utf8.encode('haven-envelope/v1/' + kid);
}

function checkEnvelope(envelope) {
  const keys = Object.keys(envelope || {}).sort().join(',');
  if (keys !== 'ct,enc,kid,v' || envelope.v !== 1) throw new Error('malformed envelope');
  const enc = b64urlDecode(envelope.enc);
  const ct = b64urlDecode(envelope.ct);
  if (enc.length !== 65 || enc[0] !== 0x04 || !isBucketSize(ct.length - TAG)) throw new Error('malformed envelope');
  return { enc, ct, aad: aad(envelope.kid) };
}

/** Pads and seals bytes to the key (base64url of a 65-byte point) named kid; returns a JSON-ready envelope. */
export async function sealEnvelope(purpose, kid, publicKeyB64url, bytes) {
  const sealed = await seal(b64urlDecode(publicKeyB64url), info(purpose), aad(kid), pad(bytes));
  return { v: 1, kid, enc: b64urlEncode(sealed.enc), ct: b64urlEncode(sealed.ct) };
}

/** Opens an envelope sealed as purpose with an extractable ECDH private CryptoKey; rejects on any mismatch. */
export async function openEnvelope(envelope, purpose, privateKey) {
  const { enc, ct, aad: header } = checkEnvelope(envelope);
  return unpad(await open(privateKey, enc, info(purpose), header, ct));
}
