// HPKE (RFC 9180) base mode, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM (KEM 0x0010, KDF 0x0001,
// AEAD 0x0001), from WebCrypto alone. Mirrors org.haven.crypto.Hpke; the format is specified in
// docs/envelope.md. seal/open are single-shot (sequence number 0); setupSender/setupRecipient give a context
// whose sequence number the caller names, so attachment chunk i can be (re)sealed or opened on its own.

const subtle = crypto.subtle;
const utf8 = new TextEncoder();
const EC = { name: 'ECDH', namedCurve: 'P-256' };
const N_SECRET = 32;
const N_K = 16;
const N_N = 12;
const KEM_SUITE = concat(utf8.encode('KEM'), [0x00, 0x10]);
const HPKE_SUITE = concat(utf8.encode('HPKE'), [0x00, 0x10, 0x00, 0x01, 0x00, 0x01]);
const VERSION_LABEL = utf8.encode('HPKE-v1');

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function b64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unb64url(text) {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

async function hmac(key, data) {
  // An empty HKDF salt means Nh zero bytes (RFC 5869); WebCrypto refuses empty HMAC keys.
  const raw = key.length === 0 ? new Uint8Array(32) : key;
  const k = await subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', k, data));
}

// WebCrypto's HKDF runs extract and expand as one step; RFC 9180 needs them apart, so they are built on HMAC.
function labeledExtract(suite, salt, label, ikm) {
  return hmac(salt, concat(VERSION_LABEL, suite, utf8.encode(label), ikm));
}

async function labeledExpand(suite, prk, label, info, length) {
  const labeledInfo = concat([length >> 8, length & 0xff], VERSION_LABEL, suite, utf8.encode(label), info);
  let out = new Uint8Array(0);
  let t = new Uint8Array(0);
  for (let i = 1; out.length < length; i++) {
    t = await hmac(prk, concat(t, labeledInfo, [i]));
    out = concat(out, t);
  }
  return out.slice(0, length);
}

async function dh(privateKey, publicKeyRaw) {
  const pub = await subtle.importKey('raw', publicKeyRaw, EC, false, []);
  return new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: pub }, privateKey, 256));
}

async function kemSharedSecret(dhResult, enc, pkRm) {
  const prk = await labeledExtract(KEM_SUITE, new Uint8Array(0), 'eae_prk', dhResult);
  return labeledExpand(KEM_SUITE, prk, 'shared_secret', concat(enc, pkRm), N_SECRET);
}

async function keySchedule(sharedSecret, info) {
  const empty = new Uint8Array(0);
  const pskIdHash = await labeledExtract(HPKE_SUITE, empty, 'psk_id_hash', empty);
  const infoHash = await labeledExtract(HPKE_SUITE, empty, 'info_hash', info);
  const context = concat([0x00], pskIdHash, infoHash);
  const secret = await labeledExtract(HPKE_SUITE, sharedSecret, 'secret', empty);
  const key = await labeledExpand(HPKE_SUITE, secret, 'key', context, N_K);
  const nonce = await labeledExpand(HPKE_SUITE, secret, 'base_nonce', context, N_N);
  return {
    key: await subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt']),
    nonce,
  };
}

async function publicKeyRawOf(privateKey) {
  const jwk = await subtle.exportKey('jwk', privateKey);
  return concat([0x04], unb64url(jwk.x), unb64url(jwk.y));
}

/** A fresh P-256 key pair: raw public key, extractable private CryptoKey, and its 32-byte scalar. */
export async function generateKeyPair() {
  const pair = await subtle.generateKey(EC, true, ['deriveBits']);
  const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  const jwk = await subtle.exportKey('jwk', pair.privateKey);
  return { publicKey, privateKey: pair.privateKey, d: unb64url(jwk.d) };
}

/** The private key (32-byte scalar d) as an extractable ECDH CryptoKey; the browser checks d against the point. */
export async function importPrivateKey(d, publicKeyRaw) {
  if (d.length !== 32 || publicKeyRaw.length !== 65 || publicKeyRaw[0] !== 0x04) {
    throw new Error('bad P-256 key');
  }
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    d: b64url(d),
    x: b64url(publicKeyRaw.subarray(1, 33)),
    y: b64url(publicKeyRaw.subarray(33, 65)),
    ext: true,
  };
  return subtle.importKey('jwk', jwk, EC, true, ['deriveBits']);
}

/**
 * RFC 9180 ComputeNonce: base_nonce XOR I2OSP(seq, 12). seq is a non-negative safe integer (below 2^53), so the
 * top five bytes of the counter are always zero.
 */
function nonceFor(baseNonce, seq) {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new Error('bad HPKE sequence number');
  const nonce = Uint8Array.from(baseNonce);
  let rest = seq;
  for (let i = N_N - 1; rest > 0; i--) {
    nonce[i] ^= rest % 256;
    rest = Math.floor(rest / 256);
  }
  return nonce;
}

/**
 * A context from the key schedule. Unlike RFC 9180's stateful Seal/Open, the caller names the sequence number:
 * it MUST use each number for one plaintext only (attachment.js uses chunk index i, and resealing chunk i gives
 * the same bytes, so a resumed upload never seals two different plaintexts under one nonce).
 */
function context(enc, { key, nonce }) {
  return {
    enc,
    sealAt: async (seq, aad, plaintext) => new Uint8Array(await subtle.encrypt(
      { name: 'AES-GCM', iv: nonceFor(nonce, seq), additionalData: aad }, key, plaintext)),
    openAt: async (seq, aad, ct) => new Uint8Array(await subtle.decrypt(
      { name: 'AES-GCM', iv: nonceFor(nonce, seq), additionalData: aad }, key, ct)),
  };
}

/** SetupBaseS to publicKeyRaw (65-byte uncompressed point) with a fresh ephemeral key: {enc, sealAt, openAt}. */
export async function setupSender(publicKeyRaw, info) {
  const pair = await subtle.generateKey(EC, false, ['deriveBits']);
  const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  return setupSenderWithEphemeral({ privateKey: pair.privateKey, publicKey }, publicKeyRaw, info);
}

/**
 * TEST ONLY: SetupBaseS with a given ephemeral key pair {privateKey: CryptoKey, publicKey: Uint8Array(65)}, so
 * the RFC 9180 test vectors can be reproduced. Reusing an ephemeral key breaks confidentiality.
 */
export async function setupSenderWithEphemeral(ephemeral, publicKeyRaw, info) {
  const pkR = Uint8Array.from(publicKeyRaw);
  const enc = Uint8Array.from(ephemeral.publicKey);
  const sharedSecret = await kemSharedSecret(await dh(ephemeral.privateKey, pkR), enc, pkR);
  return context(enc, await keySchedule(sharedSecret, info));
}

/** SetupBaseR with an extractable ECDH private CryptoKey: {enc, openAt}; openAt rejects on any wrong input. */
export async function setupRecipient(privateKey, enc, info) {
  const pkR = await publicKeyRawOf(privateKey);
  const sharedSecret = await kemSharedSecret(await dh(privateKey, enc), enc, pkR);
  return context(Uint8Array.from(enc), await keySchedule(sharedSecret, info));
}

/** Seals to publicKeyRaw (65-byte uncompressed point) with a fresh ephemeral key. */
export async function seal(publicKeyRaw, info, aad, plaintext) {
  const ctx = await setupSender(publicKeyRaw, info);
  return { enc: ctx.enc, ct: await ctx.sealAt(0, aad, plaintext) };
}

/**
 * TEST ONLY: seals with a given ephemeral key pair {privateKey: CryptoKey, publicKey: Uint8Array(65)}, so the
 * RFC 9180 test vectors can be reproduced. Reusing an ephemeral key breaks confidentiality; use seal().
 */
export async function sealWithEphemeral(ephemeral, publicKeyRaw, info, aad, plaintext) {
  const ctx = await setupSenderWithEphemeral(ephemeral, publicKeyRaw, info);
  return { enc: ctx.enc, ct: await ctx.sealAt(0, aad, plaintext) };
}

/** Opens with an extractable ECDH private CryptoKey; rejects (never returns garbage) if anything is wrong. */
export async function open(privateKey, enc, info, aad, ct) {
  return (await setupRecipient(privateKey, enc, info)).openAt(0, aad, ct);
}
