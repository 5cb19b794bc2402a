// Haven attachments: a file sealed as fixed-size chunks under one HPKE context (info "haven/v1/attachment"),
// chunk i with sequence number i. Chunk 0 is a 4096-byte header {name, type, size, cleaned}; chunks 1..n-1 carry
// the file in 262144-byte pieces, the last zero-padded. AAD of chunk i binds kid, attachment id, i and n, so a
// chunk moved to another place, another file, or a truncated file fails to open. Specified in
// docs/attachments.md; the browser side is described in docs/attachments-browser.md.
//
// Sealing reads one chunk at a time with Blob.slice, so a file never sits whole in memory, and sealChunk(i) can
// be called again for any i (a resumed upload) with the same ciphertext as before.

import { setupRecipient, setupSender } from './hpke.js';

export const INFO = new TextEncoder().encode('haven/v1/attachment');
export const HEADER_BYTES = 4096;
export const CHUNK_BYTES = 262144;
export const TAG_BYTES = 16;
const MAX_NAME = 255;
const utf8 = new TextEncoder();

/** n for a file of size bytes: the header plus at least one data chunk (an empty file has one). */
export function chunkCount(size) {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error('bad file size');
  return 1 + Math.max(1, Math.ceil(size / CHUNK_BYTES));
}

/** The ciphertext length of chunk i: 4112 for the header, 262160 for every data chunk. */
export function chunkCiphertextBytes(i) {
  return (i === 0 ? HEADER_BYTES : CHUNK_BYTES) + TAG_BYTES;
}

/** UTF-8 of "haven-attachment/v1/<kid>/<attachmentId>/<i>/<n>". */
export function chunkAad(kid, attachmentId, i, n) {
  return utf8.encode(`haven-attachment/v1/${kid}/${attachmentId}/${i}/${n}`);
}

/** The first 255 characters (code points, so a surrogate pair is never cut in half). */
function shortName(name) {
  return Array.from(String(name || '')).slice(0, MAX_NAME).join('');
}

/** Chunk 0's plaintext: uint32_be(L) || JSON || zero bytes, exactly 4096 bytes. */
export function encodeHeader({ name, type, size, cleaned }) {
  const json = utf8.encode(JSON.stringify({ name: shortName(name), type: String(type || ''), size,
    cleaned: cleaned === true }));
  if (json.length > HEADER_BYTES - 4) throw new Error('attachment header too long');
  const out = new Uint8Array(HEADER_BYTES);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  return out;
}

/** Parses and checks chunk 0's plaintext; throws on anything but a well-formed header. */
export function decodeHeader(plain) {
  if (plain.length !== HEADER_BYTES) throw new Error('bad attachment header');
  const length = new DataView(plain.buffer, plain.byteOffset, plain.byteLength).getUint32(0);
  if (length > HEADER_BYTES - 4 || plain.subarray(4 + length).some((b) => b !== 0)) {
    throw new Error('bad attachment header');
  }
  const header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain.subarray(4, 4 + length)));
  const keys = Object.keys(header).sort().join();
  if (keys !== 'cleaned,name,size,type' || typeof header.name !== 'string' || typeof header.type !== 'string'
      || typeof header.cleaned !== 'boolean' || !Number.isSafeInteger(header.size) || header.size < 0
      || Array.from(header.name).length > MAX_NAME) {
    throw new Error('bad attachment header');
  }
  return header;
}

/**
 * Prepares a file for sealing: one fresh HPKE context to the intake key. Nothing is read yet, so enc and n are
 * ready for POST /api/attachments before a byte is sealed; the id it answers is then given to setAttachmentId.
 *
 * @param {Blob} file the bytes to send (a File, or a cleaned Blob from clean-image.js)
 * @param {{kid: string, publicKey: Uint8Array, attachmentId?: string, name?: string, type?: string,
 *          cleaned?: boolean}} to kid and public key of the intake key; the attachment id if already known;
 *          name and type default to the File's own
 * @returns {Promise<{enc: Uint8Array, n: number, header: object, setAttachmentId: (id: string) => void,
 *          sealChunk: (i: number) => Promise<Uint8Array>}>}
 */
export async function createSealer(file, { kid, publicKey, attachmentId, name, type, cleaned = false }) {
  const header = { name: shortName(name ?? file.name), type: type ?? file.type, size: file.size, cleaned };
  const headerPlain = encodeHeader(header);
  const n = chunkCount(file.size);
  const ctx = await setupSender(publicKey, INFO);
  let id = attachmentId;
  // Fixed once: the same nonce under two AADs would let the two GCM tags give away the authentication key.
  function setAttachmentId(value) {
    if (id !== undefined && id !== value) throw new Error('attachment id already set');
    id = value;
  }
  async function sealChunk(i) {
    if (id === undefined) throw new Error('attachment id not set');
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new Error('no such chunk');
    let plain = headerPlain;
    if (i > 0) {
      plain = new Uint8Array(CHUNK_BYTES);
      const start = (i - 1) * CHUNK_BYTES;
      plain.set(new Uint8Array(await file.slice(start, Math.min(start + CHUNK_BYTES, file.size)).arrayBuffer()));
    }
    return ctx.sealAt(i, chunkAad(kid, id, i, n), plain);
  }
  return { enc: ctx.enc, n, header, setAttachmentId, sealChunk };
}

/** The recipient side of one file: opens chunk i as fetched, checking its length and AAD. */
async function recipient({ kid, attachmentId, enc, n, privateKey, fetchChunk }) {
  if (!Number.isSafeInteger(n) || n < 2) throw new Error('bad chunk count');
  const ctx = await setupRecipient(privateKey, enc, INFO);
  return async (i) => {
    const ct = new Uint8Array(await fetchChunk(i));
    if (ct.length !== chunkCiphertextBytes(i)) throw new Error(`chunk ${i} has the wrong size`);
    return ctx.openAt(i, chunkAad(kid, attachmentId, i, n), ct);
  };
}

async function openCheckedHeader(openChunk, n) {
  const header = decodeHeader(await openChunk(0));
  if (chunkCount(header.size) !== n) throw new Error('chunk count does not match the file size');
  return header;
}

/**
 * Opens chunk 0 alone: the file's name, type, size and whether it was cleaned, for a list of files, without
 * fetching any of its content. Same arguments and checks as openAttachment.
 *
 * @returns {Promise<{name: string, type: string, size: number, cleaned: boolean}>}
 */
export async function openAttachmentHeader(a) {
  return openCheckedHeader(await recipient(a), a.n);
}

/**
 * Opens an attachment chunk by chunk, in order. Rejects on any chunk that is wrong, moved, from another file, of
 * the wrong size, or when n does not match the size in the header; never returns unauthenticated bytes.
 *
 * @param {{kid: string, attachmentId: string, enc: Uint8Array, n: number, privateKey: CryptoKey,
 *          fetchChunk: (i: number) => Promise<ArrayBuffer|Uint8Array>, onProgress?: (done: number, n: number) => void}} a
 * @returns {Promise<{header: {name: string, type: string, size: number, cleaned: boolean}, blob: Blob}>}
 */
export async function openAttachment(a) {
  const { n, onProgress } = a;
  const openChunk = await recipient(a);
  const header = await openCheckedHeader(openChunk, n);
  const parts = [];
  for (let i = 1; i < n; i++) {
    const plain = await openChunk(i);
    const keep = Math.min(CHUNK_BYTES, header.size - (i - 1) * CHUNK_BYTES);
    if (plain.subarray(keep).some((b) => b !== 0)) throw new Error('bad padding in the last chunk');
    // A Blob per chunk lets the browser move the opened bytes out of the JavaScript heap as it goes.
    parts.push(new Blob([plain.subarray(0, keep)]));
    if (onProgress) onProgress(i + 1, n);
  }
  return { header, blob: new Blob(parts, { type: header.type }) };
}
