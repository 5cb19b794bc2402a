// Case files in a police referral (docs/referral.md section 7). The composer lists the case's files by opening
// each one's header with the intake key; only cleaned photos can be ticked. A ticked file is opened whole in this
// browser and sealed again, in the same attachment format, to the chosen force's public key under a neutral name
// (evidence-1.jpg, ...), then uploaded chunk by chunk. Its plaintext never leaves the browser.

import { INFO, chunkAad, createSealer, decodeHeader, openAttachment } from '/js/attachment.js';
import { setupRecipient } from '/js/hpke.js';
import { b64urlDecode, b64urlEncode } from '/js/envelope.js';

/** The types the cleaners write: nothing else goes to police. */
export const SENDABLE_TYPES = ['image/jpeg', 'image/png'];
export const MAX_FILES = 5;

/** Whether a file with this header may go to police. */
export function sendable(header) {
  return Boolean(header) && header.cleaned === true && SENDABLE_TYPES.includes(header.type);
}

/** The name the force sees for the k-th file (from 1): it says nothing but its place and type. */
export function neutralName(k, type) {
  return `evidence-${k}.${type === 'image/png' ? 'png' : 'jpg'}`;
}

const chunkPath = (reportId, file, i) => `/casework/api/reports/${reportId}/attachments/${file.id}/chunks/${i}`;

async function fetchChunk(api, reportId, file, i) {
  const response = await api(chunkPath(reportId, file, i));
  if (response.status !== 200) throw new Error(`chunk ${i}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The case's files, each with its header opened (chunk 0 only) or null when no unlocked key opens it:
 * [{id, kid, enc, chunks, header}].
 */
export async function caseFiles(api, reportId, intakeKeys) {
  const response = await api(`/casework/api/reports/${reportId}/attachments`);
  if (response.status !== 200) return [];
  const files = await response.json();
  return Promise.all(files.map(async (file) => {
    const key = intakeKeys.get(file.kid);
    let header = null;
    if (key) {
      try {
        const ctx = await setupRecipient(key, b64urlDecode(file.enc), INFO);
        const plain = await ctx.openAt(0, chunkAad(file.kid, file.id, 0, file.chunks),
          await fetchChunk(api, reportId, file, 0));
        header = decodeHeader(plain);
      } catch {
        header = null;
      }
    }
    return { ...file, header };
  }));
}

/** The force's public key for sealing, or null when it cannot receive: {kid, publicKey: Uint8Array}. */
export async function forceKey(api, code) {
  const response = await api(`/casework/api/forces/${encodeURIComponent(code)}/key`);
  if (response.status !== 200) return null;
  const key = await response.json();
  return { kid: key.kid, publicKey: b64urlDecode(key.publicKey) };
}

function csrf() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? '';
}

/**
 * Opens a case file with the intake key, seals it to the force as the k-th referral file and uploads it.
 * @returns {Promise<{id: string, type: string}>} what the proposal names it with
 */
export async function sealForForce(api, reportId, file, k, force, intakeKeys) {
  const { header, blob } = await openAttachment({ kid: file.kid, attachmentId: file.id, enc: b64urlDecode(file.enc),
    n: file.chunks, privateKey: intakeKeys.get(file.kid), fetchChunk: (i) => fetchChunk(api, reportId, file, i) });
  if (!sendable(header)) throw new Error('not a cleaned photo');
  const sealer = await createSealer(blob, { kid: force.kid, publicKey: force.publicKey,
    name: neutralName(k, header.type), type: header.type, cleaned: true });
  const created = await api(`/casework/api/reports/${reportId}/referral-files`, {
    method: 'POST', body: JSON.stringify({ kid: force.kid, enc: b64urlEncode(sealer.enc), chunks: sealer.n }) });
  if (created.status !== 201) throw new Error(`create: HTTP ${created.status}`);
  const { id } = await created.json();
  sealer.setAttachmentId(id);
  for (let i = 0; i < sealer.n; i++) {
    const body = await sealer.sealChunk(i);
    const put = await fetch(`/casework/api/reports/${reportId}/referral-files/${id}/chunks/${i}`, {
      method: 'PUT', body, credentials: 'same-origin', cache: 'no-store',
      headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': csrf() } });
    if (put.status !== 204) throw new Error(`chunk ${i}: HTTP ${put.status}`);
  }
  return { id, type: header.type };
}
