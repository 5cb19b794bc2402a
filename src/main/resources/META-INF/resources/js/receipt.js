// The reporter's receipt number: 16 random digits, its lookup token and the wrapping of the mailbox private key.
// Mirrors org.haven.crypto.ReceiptKeys exactly; specified in docs/envelope.md.

import { importPrivateKey } from './hpke.js';
import { b64urlDecode, b64urlEncode } from './envelope.js';

const subtle = crypto.subtle;
const utf8 = new TextEncoder();
const LOOKUP_SALT = utf8.encode('haven/v1/lookup-token');
const WRAP_AAD = utf8.encode('haven/v1/mailbox-key');
const WRAP_ALG = 'PBKDF2-SHA256/AES-256-GCM';
const WRAP_ITERATIONS = 600000;
const MAX_WRAP_ITERATIONS = 10000000;

// Zero code points of the Unicode 13.0 decimal-digit runs, the same fixed list as ReceiptKeys.DIGIT_ZEROS.
const DIGIT_ZEROS = [
  0x0030, 0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66,
  0x0de6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50,
  0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30,
  0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0,
  0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6,
  0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];
// Dropped while typing: punctuation, separators, controls and format characters (bidi marks, zero-width).
const IGNORABLE = /^[\p{P}\p{Z}\p{Cc}\p{Cf}]$/u;

function digitValue(cp) {
  for (const zero of DIGIT_ZEROS) {
    if (cp >= zero && cp <= zero + 9) return cp - zero;
  }
  return -1;
}

function requireReceipt(receipt) {
  if (typeof receipt !== 'string' || !/^[0-9]{16}$/.test(receipt)) {
    throw new Error('receipt must be 16 ASCII digits; normalise it first');
  }
  return receipt;
}

/** Sixteen uniformly random ASCII digits (rejection sampling, so no digit is likelier than another). */
export function newReceipt() {
  let receipt = '';
  while (receipt.length < 16) {
    for (const b of crypto.getRandomValues(new Uint8Array(32))) {
      if (b < 250 && receipt.length < 16) receipt += String(b % 10);
    }
  }
  return receipt;
}

/** The 16 ASCII digits of what was typed, or null (letters, symbols, or not exactly 16 digits). */
export function normaliseReceipt(typed) {
  if (typeof typed !== 'string') return null;
  let digits = '';
  for (const ch of typed) {
    const cp = ch.codePointAt(0);
    const digit = digitValue(cp);
    if (digit >= 0) digits += String(digit);
    else if (!IGNORABLE.test(ch)) return null;
    if (digits.length > 16) return null;
  }
  return digits.length === 16 ? digits : null;
}

export function groupReceipt(receipt) {
  const r = requireReceipt(receipt);
  return `${r.slice(0, 4)} ${r.slice(4, 8)} ${r.slice(8, 12)} ${r.slice(12)}`;
}

async function pbkdf2(secret, salt, iterations) {
  const base = await subtle.importKey('raw', utf8.encode(secret), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 256));
}

async function wrappingKey(secret, salt, iterations) {
  const raw = await pbkdf2(secret, salt, iterations);
  return subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** PBKDF2-HMAC-SHA256(receipt, "haven/v1/lookup-token", 100 000) as base64url. */
export async function lookupToken(receipt) {
  return b64urlEncode(await pbkdf2(requireReceipt(receipt), LOOKUP_SALT, 100000));
}

/** Wraps the mailbox private key d (32 bytes) with its public key (65 bytes) under the receipt. */
export async function wrapPrivateKey(receipt, d, publicKeyRaw) {
  return wrapWithSecret(requireReceipt(receipt), WRAP_AAD, d, publicKeyRaw);
}

/** Wraps a key pair under any secret (receipt digits, a staff passphrase), bound to the aad bytes. */
export async function wrapWithSecret(secret, wrapAad, d, publicKeyRaw) {
  if (d.length !== 32 || publicKeyRaw.length !== 65) throw new Error('bad P-256 key');
  await importPrivateKey(d, publicKeyRaw); // refuses a public key that does not belong to d
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await wrappingKey(secret, salt, WRAP_ITERATIONS);
  const plaintext = new Uint8Array(97);
  plaintext.set(d, 0);
  plaintext.set(publicKeyRaw, 32);
  const ct = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: wrapAad }, key, plaintext));
  plaintext.fill(0);
  return { alg: WRAP_ALG, iter: WRAP_ITERATIONS, salt: b64urlEncode(salt), iv: b64urlEncode(iv), ct: b64urlEncode(ct) };
}

/** The mailbox private key as an ECDH CryptoKey; rejects if the receipt is wrong or the blob was altered. */
export async function unwrapPrivateKey(receipt, wrapped) {
  return unwrapWithSecret(requireReceipt(receipt), WRAP_AAD, wrapped);
}

/** A key pair wrapped by wrapWithSecret, as an ECDH CryptoKey; rejects on a wrong secret or altered blob. */
export async function unwrapWithSecret(secret, wrapAad, wrapped) {
  const keys = Object.keys(wrapped || {}).sort().join(',');
  if (keys !== 'alg,ct,iter,iv,salt' || wrapped.alg !== WRAP_ALG || !Number.isInteger(wrapped.iter)
      || wrapped.iter < WRAP_ITERATIONS || wrapped.iter > MAX_WRAP_ITERATIONS) {
    throw new Error('malformed wrapped key');
  }
  const salt = b64urlDecode(wrapped.salt);
  const iv = b64urlDecode(wrapped.iv);
  const ct = b64urlDecode(wrapped.ct);
  if (salt.length !== 16 || iv.length !== 12 || ct.length !== 113) throw new Error('malformed wrapped key');
  const key = await wrappingKey(secret, salt, wrapped.iter);
  const plaintext = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: wrapAad }, key, ct));
  try {
    return await importPrivateKey(plaintext.subarray(0, 32), plaintext.subarray(32));
  } finally {
    plaintext.fill(0);
  }
}
