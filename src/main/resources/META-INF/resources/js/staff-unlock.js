// Shared by the staff pages that open reports (inbox, statistics, key administration): unwraps the staff
// member's personal key with their passphrase and opens the intake keys granted to it. Everything returned
// lives in the calling page's memory only.

import { importPrivateKey } from '/js/hpke.js';
import { openEnvelope, b64urlEncode } from '/js/envelope.js';
import { unwrapWithSecret } from '/js/receipt.js';

export const STAFF_KEY_AAD = new TextEncoder().encode('haven/v1/staff-key');

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

/** fetch() for the staff API: same origin, never cached, CSRF header on every request. */
export async function staffApi(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { ...(options.body ? { 'Content-Type': 'application/json' } : {}), 'X-CSRF-Token': csrf() },
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (response.status === 401) window.location.assign('/casework/login');
  return response;
}

/** The signed-in staff member's key material from the server, or null if they have no key yet. */
export async function myKeyMaterial() {
  const response = await staffApi('/casework/api/keys/mine');
  return response.status === 404 ? null : response.json();
}

/**
 * Unwraps the personal key and opens every grant. Rejects if the passphrase is wrong.
 * @returns {{staffKey: CryptoKey, intakeKeys: Map<string, CryptoKey>, intakePublicKeys: Map<string, string>}}
 */
export async function unlock(passphrase, material) {
  const staffKey = await unwrapWithSecret(passphrase.normalize('NFC'), STAFF_KEY_AAD,
    JSON.parse(material.wrappedPrivateKey));
  // The audit log learns that this browser unlocked, never what with.
  await staffApi('/casework/api/audit/unlock', { method: 'POST' });
  return openGrants(staffKey, material.grants);
}

/** Opens grants with an already unwrapped personal key (e.g. one just made in this page). */
export async function openGrants(staffKey, grants) {
  const intakeKeys = new Map();
  const intakePublicKeys = new Map();
  for (const grant of grants) {
    try {
      const raw = await openEnvelope(JSON.parse(grant.envelope), 'grant', staffKey);
      intakeKeys.set(grant.kid, await importPrivateKey(raw.subarray(0, 32), raw.subarray(32, 97)));
      intakePublicKeys.set(grant.kid, b64urlEncode(raw.subarray(32, 97)));
      raw.fill(0);
    } catch {
      // A grant that does not open is skipped; its reports show as locked.
    }
  }
  return { staffKey, intakeKeys, intakePublicKeys };
}

/** The outcome code of the newest outcome note a report has, or null. */
async function latestOutcome(report, key) {
  let outcome = null;
  for (const sealed of report.notes ?? []) {
    try {
      const note = JSON.parse(new TextDecoder().decode(await openEnvelope(JSON.parse(sealed), 'note', key)));
      if (note.kind === 'outcome' && note.outcome) outcome = note.outcome;
    } catch {
      // a note this key cannot open says nothing about the outcome
    }
  }
  return outcome;
}

/** One page of reports from the server, each opened if a key for it was granted (document is null otherwise). */
export async function openReportsPage(page, intakeKeys) {
  const data = await (await staffApi(`/casework/api/reports?page=${page}`)).json();
  const reports = await Promise.all(data.reports.map(async (report) => {
    const key = intakeKeys.get(report.kid);
    let document = null;
    if (key) {
      try {
        const bytes = await openEnvelope(JSON.parse(report.envelope), 'report', key);
        document = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        document = null;
      }
    }
    return { ...report, document, outcome: document ? await latestOutcome(report, key) : null };
  }));
  return { page: data.page, pageSize: data.pageSize, total: data.total, reports };
}

const IDLE_MS = 15 * 60 * 1000;

/**
 * Forgets unlocked keys when the staff member is done: on the page's lock button (then reloads), after
 * 15 idle minutes (the server session's idle timeout; then back to sign-in), and when the page is left.
 */
export function forgetKeysWhenDone(forget, lockButton) {
  lockButton?.addEventListener('click', () => {
    forget();
    window.location.reload();
  });
  let idleTimer;
  const touch = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => { forget(); window.location.assign('/casework/login'); }, IDLE_MS);
  };
  for (const type of ['keydown', 'pointerdown', 'scroll']) document.addEventListener(type, touch, { passive: true });
  window.addEventListener('pagehide', forget);
  touch();
}
