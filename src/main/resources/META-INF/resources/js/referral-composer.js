// The referral composer on the case view. It offers the opened report's details one by one, includes none
// until the caseworker ticks it, shows the exact JSON before anything is sent, and when the server's firewall
// blocks a draft, shows every problem where it is and keeps everything typed. There is no override.

import { rowsFor, buildDraft, allowedPrecisions, POSTCODE_PRECISIONS, labelKeyFor, memberPath } from '/js/referral-draft.js';
import { forceDirectory } from '/js/referral-forces.js';
import { MAX_FILES, caseFiles, forceKey, neutralName, sealForForce, sendable } from '/js/referral-files.js';

const el = (id) => document.getElementById(id);
const form = el('referral-form');
const problems = el('referral-problems');
const result = el('referral-result');
const preview = el('referral-preview');

/** The open composer: {report, ctx, rows: [{row, wrapper, checkbox, input}], inputs: Map(member path -> field)}. */
let state = null;

/** "{0} and {1}" with arguments, in one pass, so an argument that looks like a placeholder stays as typed. */
export function format(template, ...args) {
  return template.replace(/\{(\d)}/g, (whole, i) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
}

/** Text as it is sent: NFC, LF line ends, trimmed. Written back into its field before sending, so the
 * positions of anything the server finds point into what the caseworker sees. */
function clean(path, value) {
  if (path === 'location.postcodeDistrict') return value.replace(/\s+/g, '').toUpperCase();
  return value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

const one = (value) => (Array.isArray(value) ? value[0] : value);

/** Shows the composer for a report whose reporter consents to police, or says why there is none. */
export async function showComposer(report, ctx) {
  problems.hidden = true;
  result.textContent = '';
  const consented = report.consent === 'police';
  el('referral-no-consent').hidden = consented;
  form.hidden = !consented;
  state = null;
  if (!consented) return;
  const directory = await forceDirectory(ctx.api, ctx.labels);
  const answers = report.document.answers;
  state = { report, ctx, rows: [], inputs: new Map(), files: [], sealed: new Map() };
  fillForces(directory, one(answers.where_force));
  fillPrecisions(one(answers.where_precision));
  el('referral-account').value = '';
  el('referral-reporter-words').textContent = answers.account ?? '';
  el('referral-reporter-words').lang = report.document.lang;
  state.inputs.set('force', el('referral-force'));
  state.inputs.set('location.precision', el('referral-precision'));
  state.inputs.set('event.account', el('referral-account'));
  for (const rows of form.querySelectorAll('.referral-rows')) rows.replaceChildren();
  rowsFor(answers).forEach(addRow);
  for (const group of form.querySelectorAll('.referral-group')) {
    group.hidden = group.dataset.group !== 'location' && !group.querySelector('.referral-row');
  }
  applyPrecision();
  clearMarks();
  updatePreview();
  await showFiles(report, ctx);
}

/** The case's files: cleaned photos can be ticked; every other file is shown, disabled, with the reason. */
async function showFiles(report, ctx) {
  const { t } = ctx;
  const list = el('referral-file-list');
  list.replaceChildren();
  const files = await caseFiles(ctx.api, report.id, ctx.intakeKeys);
  if (state?.report !== report) return;
  el('referral-files-none').hidden = files.length > 0;
  files.forEach((file, index) => {
    const item = document.createElement('li');
    item.className = 'choice referral-file';
    item.dataset.file = file.id;
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    checkbox.id = `referral-file-${index}`;
    const label = document.createElement('label');
    label.htmlFor = checkbox.id;
    const name = file.header?.name || format(t('referral.files.unnamed'), index + 1);
    label.textContent = !file.header ? t('referral.files.unreadable')
      : format(t(sendable(file.header) ? 'referral.files.item' : 'referral.files.item-other'), name, file.header.type);
    label.dir = 'auto';
    item.append(checkbox, label);
    if (!sendable(file.header)) {
      checkbox.disabled = true;
      const reason = document.createElement('p');
      reason.className = 'hint';
      reason.id = `${checkbox.id}-reason`;
      reason.textContent = t(!file.header ? 'referral.files.unreadable-reason'
        : file.header.cleaned ? 'referral.files.not-image' : 'referral.files.not-cleaned');
      checkbox.setAttribute('aria-describedby', reason.id);
      item.append(reason);
    }
    list.append(item);
    state.files.push({ file, checkbox });
  });
}

/**
 * The ticked files sealed to the force and uploaded, as the proposal names them; each is sealed once per force
 * and place, so a draft the firewall blocked goes again with the same uploads. Throws a problem item.
 */
async function filesForForce(draft, report, ctx) {
  const { t } = ctx;
  const ticked = state.files.filter(({ checkbox }) => checkbox.checked && !checkbox.disabled);
  if (ticked.length === 0) return null;
  if (ticked.length > MAX_FILES) throw { text: t('referral.files.too-many') };
  const force = draft.force ? await forceKey(ctx.api, draft.force) : null;
  if (!force) throw { text: t('referral.files.no-force-key'), path: 'force' };
  const files = [];
  for (const [index, { file }] of ticked.entries()) {
    result.textContent = format(t('referral.files.sealing'), index + 1, ticked.length);
    const key = `${file.id}/${force.kid}/${index + 1}`;
    if (!state.sealed.has(key)) {
      try {
        state.sealed.set(key, await sealForForce(ctx.api, report.id, file, index + 1, force, ctx.intakeKeys));
      } catch {
        throw { text: t('referral.files.failed') };
      }
    }
    files.push(state.sealed.get(key));
  }
  return files;
}

function fillForces(directory, chosen) {
  const { t } = state.ctx;
  const select = el('referral-force');
  select.replaceChildren(new Option(t('referral.force.choose'), ''), ...directory.forces.map((force) => new Option(
    force.canReceive === false ? format(t('referral.force.cannot-receive'), force.name) : force.name, force.code)));
  select.value = directory.forces.some((force) => force.code === chosen) ? chosen : '';
}

function fillPrecisions(reporterChoice) {
  const { t } = state.ctx;
  const select = el('referral-precision');
  const allowed = allowedPrecisions(reporterChoice);
  select.replaceChildren(...allowed.map((precision) => new Option(t(`referral.precision.${precision}`), precision)));
  // The least exact is chosen first: the caseworker decides to say more, up to what the reporter allowed.
  select.value = allowed[allowed.length - 1];
}

function addRow(row, index) {
  const { t, text } = state.ctx;
  const id = `referral-row-${index}`;
  const wrapper = document.createElement('div');
  wrapper.className = 'referral-row';
  wrapper.dataset.path = row.path;
  const choice = document.createElement('div');
  choice.className = 'choice';
  const checkbox = document.createElement('input');
  checkbox.type = 'checkbox';
  checkbox.id = id;
  const label = document.createElement('label');
  label.htmlFor = id;
  label.id = `${id}-label`;
  label.textContent = t(row.label);
  if (!row.text) {
    const value = document.createElement('strong');
    value.textContent = row.question ? text(`q.${row.question}.${row.value}`) : row.value;
    label.append(': ', value);
  }
  choice.append(checkbox, label);
  wrapper.append(choice);
  let input = null;
  if (row.text) {
    input = document.createElement(row.text.rows > 1 ? 'textarea' : 'input');
    if (row.text.rows > 1) {
      input.rows = row.text.rows;
    } else {
      input.type = 'text';
    }
    input.id = `${id}-text`;
    input.maxLength = row.text.max;
    input.dir = 'auto';
    input.value = row.value;
    input.setAttribute('aria-labelledby', label.id);
    if (row.hint) {
      const hint = document.createElement('p');
      hint.className = 'hint';
      hint.id = `${id}-hint`;
      hint.textContent = t(row.hint);
      input.setAttribute('aria-describedby', hint.id);
      wrapper.append(hint);
    }
    wrapper.append(input);
    state.inputs.set(row.path, input);
  }
  form.querySelector(`.referral-group[data-group="${row.path.split('.')[0]}"] .referral-rows`).append(wrapper);
  state.rows.push({ row, wrapper, checkbox, input });
}

/** Hides (and unticks) what the chosen precision may not carry: no place name for a force area only. */
function applyPrecision() {
  const precision = el('referral-precision').value;
  for (const { row, wrapper, checkbox } of state.rows) {
    const hide = (row.path === 'location.description' && precision === 'force')
      || (row.path === 'location.postcodeDistrict' && !POSTCODE_PRECISIONS.includes(precision));
    wrapper.hidden = hide;
    if (hide) checkbox.checked = false;
  }
}

function currentDraft() {
  const entries = [];
  const force = el('referral-force').value;
  if (force) entries.push({ path: 'force', value: force });
  for (const { row, wrapper, checkbox, input } of state.rows) {
    if (wrapper.hidden || !checkbox.checked) continue;
    const value = input ? clean(row.path, input.value) : row.value;
    if (value) entries.push({ path: row.path, value, array: row.array });
  }
  const account = clean('event.account', el('referral-account').value);
  if (account) entries.push({ path: 'event.account', value: account });
  entries.push({ path: 'location.precision', value: el('referral-precision').value });
  return buildDraft(entries);
}

function updatePreview() {
  if (!state) return;
  const ticked = state.files.filter(({ checkbox }) => checkbox.checked && !checkbox.disabled);
  const names = ticked.map(({ file }, index) => neutralName(index + 1, file.header.type));
  preview.textContent = JSON.stringify(currentDraft(), null, 2)
    + (names.length ? `\n\n${format(state.ctx.t('referral.files.preview'), names.join(', '))}` : '');
}

form.addEventListener('change', (event) => {
  if (!state) return;
  if (event.target.id === 'referral-precision') applyPrecision();
  updatePreview();
});
form.addEventListener('input', updatePreview);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!state) return;
  const { report, ctx } = state;
  const { t } = ctx;
  for (const [path, input] of state.inputs) {
    if (input.tagName !== 'SELECT') input.value = clean(path, input.value);
  }
  const draft = currentDraft();
  updatePreview();
  clearMarks();
  problems.hidden = true;
  if (!draft.event?.account) {
    showProblems([{ text: t('referral.account.empty'), path: 'event.account' }]);
    return;
  }
  el('referral-send').disabled = true;
  let files = null;
  try {
    files = await filesForForce(draft, report, ctx);
  } catch (problem) {
    el('referral-send').disabled = false;
    result.textContent = '';
    showProblems([problem]);
    return;
  }
  result.textContent = t('referral.sending');
  let response = null;
  try {
    response = await ctx.api(`/casework/api/reports/${report.id}/referrals`, {
      method: 'POST',
      body: JSON.stringify(files ? { draft, files } : { draft }),
    });
  } catch {
    response = null;
  }
  el('referral-send').disabled = false;
  if (state?.report !== report) return;
  result.textContent = '';
  if (response?.status === 201) {
    const referral = await response.json();
    const directory = await forceDirectory(ctx.api, ctx.labels);
    await showComposer(report, ctx);
    result.textContent = format(t(`referral.sent.${referral.state}`), referral.reference, directory.name(referral.force));
    ctx.onReferralsChanged();
  } else if (response?.status === 422) {
    showProblems(blocked(await response.json(), draft));
  } else {
    showProblems([{ text: await failure(response, t) }]);
  }
});

/** The problem details' detail, when the server gave one, else the staff pages' general failure. */
export async function failure(response, t) {
  try {
    const body = await response.json();
    if (typeof body.detail === 'string' && body.detail) return body.detail;
  } catch {
    // no readable body
  }
  return t('staff.request-failed');
}

/** A member of the draft by JSON Pointer, e.g. /event/account. */
function valueAt(document, pointer) {
  let node = document;
  for (const part of pointer.split('/').slice(1)) {
    if (node == null) return undefined;
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/**
 * Everything a 422 says blocked the draft, in words: consent, force, schema violations by field, and each
 * personal-data finding with its field, kind, position and the text found there (from the draft as sent; the
 * server never repeats it).
 */
export function blocked(problem, document, t) {
  t ??= state.ctx.t;
  const field = (pointer) => {
    const key = labelKeyFor(pointer);
    return key ? t(key) : pointer;
  };
  const items = [];
  if (problem.consentMissing) items.push({ text: t('referral.problem.consent') });
  if (problem.forceProblem) {
    items.push({ text: t(problem.forceProblem === 'unknown' ? 'referral.problem.force-unknown'
      : 'referral.problem.force-cannot-receive'), path: 'force' });
  }
  for (const violation of problem.violations ?? []) {
    items.push({ text: format(t('referral.problem.violation'), field(violation.path), violation.problem),
      path: memberPath(violation.path) });
  }
  for (const finding of problem.findings ?? []) {
    const excerpt = String(valueAt(document, finding.path) ?? '').slice(finding.start, finding.end);
    const kind = t(`referral.kind.${finding.kind}`);
    items.push({ text: format(t('referral.problem.finding'), field(finding.path), kind, finding.start + 1, finding.end, excerpt),
      path: memberPath(finding.path), range: [finding.start, finding.end], kind, excerpt });
  }
  return items;
}

function showProblems(items) {
  const list = problems.querySelector('ul');
  list.replaceChildren();
  let firstFinding = null;
  for (const item of items) {
    const li = document.createElement('li');
    const input = item.path ? state.inputs.get(item.path) : null;
    if (input && !input.closest('[hidden]')) {
      const link = document.createElement('a');
      link.href = `#${input.id}`;
      link.textContent = item.text;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        reveal(input, item.range);
      });
      li.append(link);
      mark(input, item);
      if (item.range && !firstFinding) firstFinding = { input, range: item.range };
    } else {
      li.textContent = item.text;
    }
    list.append(li);
  }
  problems.hidden = false;
  // The first finding stays selected in its field, so tabbing to it shows exactly what to rewrite.
  if (firstFinding) firstFinding.input.setSelectionRange(...firstFinding.range);
  problems.focus();
}

function reveal(input, range) {
  input.focus();
  if (range && typeof input.setSelectionRange === 'function') input.setSelectionRange(...range);
}

/** Marks a field as wrong, with the offending text shown under it. */
function mark(input, item) {
  input.closest('.referral-row, .question')?.classList.add('question--error');
  input.setAttribute('aria-invalid', 'true');
  const message = document.createElement('p');
  message.className = 'error-message referral-field-error';
  if (item.range) {
    const found = document.createElement('mark');
    found.textContent = item.excerpt;
    found.dir = 'auto';
    message.append(`${item.kind}: `, found, ` (${item.range[0] + 1}–${item.range[1]})`);
  } else {
    message.textContent = item.text;
  }
  input.after(message);
}

function clearMarks() {
  for (const message of form.querySelectorAll('.referral-field-error')) message.remove();
  for (const holder of form.querySelectorAll('.question--error')) holder.classList.remove('question--error');
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}
