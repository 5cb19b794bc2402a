// The admin's key page. Every key operation happens here, in the admin's browser: the admin's own key is
// unwrapped with their passphrase, the intake keys granted to it are opened, new intake and recovery keys are
// made, and intake keys are sealed to other staff keys or to the recovery key. The server receives public
// keys and sealed envelopes only; the recovery private key leaves as a file the admin keeps, never over the
// network. Keys live in this module's memory only, and are forgotten on leaving, "lock", or 15 idle minutes.

import { forgetKeysWhenDone } from '/js/staff-unlock.js';
import { generateKeyPair, importPrivateKey } from '/js/hpke.js';
import { openEnvelope, sealEnvelope, b64urlEncode, b64urlDecode } from '/js/envelope.js';
import { unwrapWithSecret } from '/js/receipt.js';

const STAFF_KEY_AAD = new TextEncoder().encode('haven/v1/staff-key');
const STAFF_RECIPIENT = 'staff';
const RECOVERY_RECIPIENT = 'recovery';
const RECOVERY_FILE_KIND = 'haven-recovery-key';
const root = document.getElementById('admin-keys');
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const el = (id) => document.getElementById(id);
const say = (text) => { el('admin-status').textContent = text; };
const fill = (template, value) => template.replace('{0}', value);

let myPublicKey = null; // base64url of the admin's own staff public key
let held = new Map(); // intake kid -> Uint8Array(97): private scalar || public key, as a grant holds it
let recoveryUrl = null;

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { ...(options.body ? { 'Content-Type': 'application/json' } : {}), 'X-CSRF-Token': csrf },
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (response.status === 401) window.location.assign('/casework/login');
  return response;
}

async function json(path, options) {
  const response = await api(path, options);
  if (!response.ok) throw new Error(String(response.status));
  return response.status === 204 ? null : response.json();
}

function fail() {
  say('');
  const error = el('admin-error');
  error.textContent = root.dataset.requestFailed;
  error.hidden = false;
}

function problem(text) {
  say('');
  const error = el('admin-error');
  error.textContent = text;
  error.hidden = false;
}

function forget() {
  for (const raw of held.values()) raw.fill(0);
  held = new Map();
  myPublicKey = null;
  forgetRecoveryFile();
}

function forgetRecoveryFile() {
  if (recoveryUrl) URL.revokeObjectURL(recoveryUrl);
  recoveryUrl = null;
  el('recovery-text').textContent = '';
  el('recovery-download').removeAttribute('href');
  el('recovery-once').hidden = true;
}

async function start() {
  const response = await api('/casework/api/keys/mine');
  if (response.status === 404) {
    el('no-key').hidden = false;
  } else if (response.ok) {
    el('key-unlock').hidden = false;
    el('passphrase').focus();
  }
}

el('key-unlock-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  say(root.dataset.working);
  const mine = await (await api('/casework/api/keys/mine')).json();
  let staffKey;
  try {
    staffKey = await unwrapWithSecret(el('passphrase').value.normalize('NFC'), STAFF_KEY_AAD,
      JSON.parse(mine.wrappedPrivateKey));
  } catch {
    say('');
    const error = form.querySelector('.error-message');
    error.textContent = root.dataset.failed;
    error.hidden = false;
    return;
  }
  el('passphrase').value = '';
  // The audit log learns that this browser unlocked (as staff-unlock.js reports for the other pages).
  await api('/casework/api/audit/unlock', { method: 'POST' });
  myPublicKey = mine.publicKey;
  for (const grant of mine.grants) {
    try {
      const raw = await openEnvelope(JSON.parse(grant.envelope), 'grant', staffKey);
      await importPrivateKey(raw.subarray(0, 32), raw.subarray(32, 97)); // refuses a scalar that is not the key's
      held.set(grant.kid, raw);
    } catch {
      // A grant that does not open (sealed to an earlier key of this account) is simply not held.
    }
  }
  el('key-unlock').hidden = true;
  for (const id of ['intake', 'grant', 'access', 'restore']) el(id).hidden = false;
  await refresh();
  say('');
});

async function refresh() {
  const [keys, accounts] = await Promise.all([json('/casework/api/admin/keys/intake'),
    json('/casework/api/admin/keys/accounts')]);
  renderIntakeKeys(keys);
  renderAccounts(keys.find((k) => k.active), accounts);
}

function cell(value) {
  const td = document.createElement('td');
  td.textContent = value;
  return td;
}

function button(label, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = label;
  b.addEventListener('click', onClick);
  const td = document.createElement('td');
  td.append(b);
  return td;
}

function renderIntakeKeys(keys) {
  el('intake-none').hidden = keys.length > 0;
  el('intake-keys').hidden = keys.length === 0;
  el('intake-keys').querySelector('tbody').replaceChildren(...keys.map((key) => {
    const tr = document.createElement('tr');
    tr.dataset.kid = key.kid;
    tr.append(cell(key.kid), cell(key.createdAt.slice(0, 10)),
      cell(key.active ? root.dataset.active : root.dataset.inactive),
      cell(held.has(key.kid) ? root.dataset.yes : root.dataset.no));
    return tr;
  }));
}

function roleLabel(role) {
  return role === 'admin' ? root.dataset.roleAdmin : root.dataset.roleCaseworker;
}

function renderAccounts(active, accounts) {
  const pending = accounts.filter((a) => active && !a.hasActiveGrant);
  el('pending').querySelector('tbody').replaceChildren(...pending.map((account) => {
    const tr = document.createElement('tr');
    tr.dataset.username = account.username;
    tr.append(cell(account.username), cell(roleLabel(account.role)),
      button(root.dataset.grant, 'button', () => grantTo(account)));
    return tr;
  }));
  el('pending-none').hidden = pending.length > 0;
  el('pending').hidden = pending.length === 0;
  el('holders').querySelector('tbody').replaceChildren(...accounts.map((account) => {
    const tr = document.createElement('tr');
    tr.dataset.username = account.username;
    tr.append(cell(account.username), cell(roleLabel(account.role)), cell(String(account.kids.length)));
    const actions = button(root.dataset.revoke, 'button button--warning', () => revoke(account));
    const reset = actions.firstChild.cloneNode(false);
    reset.textContent = root.dataset.reset;
    reset.className = 'button button--secondary';
    reset.addEventListener('click', () => resetKey(account));
    actions.append(' ', reset);
    tr.append(actions);
    return tr;
  }));
}

function sealTo(publicKey, raw, kid, recipient) {
  return sealEnvelope('grant', recipient, publicKey, raw).then((envelope) => ({ kid, envelope }));
}

function newKid() {
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const random = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => alphabet[b % 32]).join('');
  return `org-${day}-${random}`;
}

function rawOf(pair) {
  const raw = new Uint8Array(97);
  raw.set(pair.d, 0);
  raw.set(pair.publicKey, 32);
  return raw;
}

el('create-intake-key').addEventListener('click', async () => {
  el('admin-error').hidden = true;
  say(root.dataset.working);
  const kid = newKid();
  const intake = await generateKeyPair();
  const recovery = await generateKeyPair();
  const raw = rawOf(intake);
  const recoveryPublicKey = b64urlEncode(recovery.publicKey);
  // The new recovery key also opens the older keys this admin holds, so the newest file restores everything.
  const older = await Promise.all([...held].map(([oldKid, oldRaw]) =>
    sealTo(recoveryPublicKey, oldRaw, oldKid, RECOVERY_RECIPIENT)));
  const body = {
    kid,
    publicKey: b64urlEncode(intake.publicKey),
    grantForMe: await sealEnvelope('grant', STAFF_RECIPIENT, myPublicKey, raw),
    recoveryPublicKey,
    recoveryEnvelope: await sealEnvelope('grant', RECOVERY_RECIPIENT, recoveryPublicKey, raw),
    olderRecoveryEnvelopes: older,
  };
  try {
    await json('/casework/api/admin/keys/intake', { method: 'POST', body: JSON.stringify(body) });
  } catch {
    raw.fill(0);
    recovery.d.fill(0);
    return fail();
  }
  held.set(kid, raw);
  offerRecoveryFile(kid, recovery);
  await refresh();
  say(root.dataset.created);
});

/** Offers the recovery private key once: a file made here (a Blob URL, never sent) and the same text to print. */
function offerRecoveryFile(kid, recovery) {
  forgetRecoveryFile();
  const text = JSON.stringify({
    kind: RECOVERY_FILE_KIND, kid, privateKey: b64urlEncode(recovery.d), publicKey: b64urlEncode(recovery.publicKey),
  }, null, 2);
  recovery.d.fill(0);
  recoveryUrl = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = el('recovery-download');
  link.href = recoveryUrl;
  link.download = `haven-recovery-${kid}.json`;
  el('recovery-text').textContent = text;
  el('recovery-once').hidden = false;
  el('recovery-once').focus();
}

el('recovery-done').addEventListener('click', forgetRecoveryFile);

async function grantTo(account) {
  el('admin-error').hidden = true;
  const keys = await json('/casework/api/admin/keys/intake');
  const active = keys.find((k) => k.active);
  if (!active || !held.has(active.kid)) return problem(root.dataset.notHeld);
  say(root.dataset.working);
  const missing = [...held].filter(([kid]) => !account.kids.includes(kid));
  const grants = await Promise.all(missing.map(([kid, raw]) => sealTo(account.publicKey, raw, kid, STAFF_RECIPIENT)));
  try {
    await json('/casework/api/admin/keys/grants', {
      method: 'POST', body: JSON.stringify({ accountId: account.id, grants }),
    });
  } catch {
    return fail();
  }
  await refresh();
  say(fill(root.dataset.granted, account.username));
}

async function revoke(account) {
  el('admin-error').hidden = true;
  try {
    await json(`/casework/api/admin/keys/grants/${encodeURIComponent(account.id)}`, { method: 'DELETE' });
  } catch {
    return fail();
  }
  if (account.id === root.dataset.me) forget();
  await refresh();
  say(fill(root.dataset.revoked, account.username));
}

async function resetKey(account) {
  el('admin-error').hidden = true;
  try {
    await json(`/casework/api/admin/keys/accounts/${encodeURIComponent(account.id)}/key`, { method: 'DELETE' });
  } catch {
    return fail();
  }
  if (account.id === root.dataset.me) {
    forget();
    window.location.reload();
    return;
  }
  await refresh();
  say(fill(root.dataset.resetDone, account.username));
}

async function readRecoveryFile(file) {
  const parsed = JSON.parse(await file.text());
  if (parsed?.kind !== RECOVERY_FILE_KIND || typeof parsed.kid !== 'string') throw new Error('not a recovery file');
  const d = b64urlDecode(parsed.privateKey);
  try {
    return { kid: parsed.kid, key: await importPrivateKey(d, b64urlDecode(parsed.publicKey)) };
  } finally {
    d.fill(0);
  }
}

el('restore-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  el('admin-error').hidden = true;
  const file = el('recovery-file').files[0];
  if (!file) return problem(root.dataset.badFile);
  say(root.dataset.working);
  let recovery;
  try {
    recovery = await readRecoveryFile(file);
  } catch {
    return problem(root.dataset.badFile);
  }
  el('recovery-file').value = '';
  const sealed = (await json('/casework/api/admin/keys/recovery')).filter((g) => g.recoveryId === recovery.kid);
  const opened = new Map();
  for (const grant of sealed) {
    try {
      const raw = await openEnvelope(JSON.parse(grant.envelope), 'grant', recovery.key);
      await importPrivateKey(raw.subarray(0, 32), raw.subarray(32, 97));
      opened.set(grant.kid, raw);
    } catch {
      // Sealed to another recovery key with the same id would be a server fault; such a grant is skipped.
    }
  }
  if (opened.size === 0) return problem(root.dataset.badFile);
  const missing = [...opened].filter(([kid]) => !held.has(kid));
  if (missing.length === 0) return problem(root.dataset.nothingRestored);
  const grants = await Promise.all(missing.map(([kid, raw]) => sealTo(myPublicKey, raw, kid, STAFF_RECIPIENT)));
  try {
    await json('/casework/api/admin/keys/grants', {
      method: 'POST', body: JSON.stringify({ accountId: root.dataset.me, grants }),
    });
  } catch {
    return fail();
  }
  for (const [kid, raw] of missing) held.set(kid, raw);
  await refresh();
  say(fill(root.dataset.restored, String(missing.length)));
});

forgetKeysWhenDone(forget, el('lock'));
start();
