// A report's referrals on the case view: where each stands, why delivery failed in plain words, what was
// sent (the copy sealed to the intake key, opened here), the force's own reference, and what a caseworker may
// do next: cancel, try again, or approve a colleague's. A referral whose delivery gave up is an alert on the
// case, and on the inbox while any report has one.

import { openEnvelope } from '/js/envelope.js';
import { forceDirectory } from '/js/referral-forces.js';
import { format, failure, blocked } from '/js/referral-composer.js';

const el = (id) => document.getElementById(id);
const history = el('referral-history');
const caseAlert = el('case-referral-alert');
const inboxAlert = el('inbox-referral-alert');

let shownFor = null; // the report whose history is on screen

/** A delivery error code (http-503, timeout, ...) in plain words. */
export function errorWords(code, t) {
  if (!code) return '';
  const http = /^http-(\d{3})$/.exec(code);
  if (http) return format(t('referral.error.http'), http[1]);
  const key = `referral.error.${code}`;
  const words = t(key);
  return words === key ? format(t('referral.error.other'), code) : words;
}

const when = (instant) => (instant ? `${instant.slice(0, 16).replace('T', ' ')} UTC` : '');

async function openJson(sealed, purpose, intakeKeys) {
  if (!sealed) return null;
  try {
    const envelope = JSON.parse(sealed);
    const key = intakeKeys.get(envelope.kid);
    if (!key) return null;
    return JSON.parse(new TextDecoder().decode(await openEnvelope(envelope, purpose, key)));
  } catch {
    return null;
  }
}

/** Lists the report's referrals (newest first) and raises the case alert for any that is dead. */
export async function showHistory(report, ctx) {
  shownFor = report;
  const { t } = ctx;
  const response = await ctx.api(`/casework/api/reports/${report.id}/referrals`);
  if (shownFor !== report) return;
  const referrals = response.ok ? await response.json() : [];
  const directory = await forceDirectory(ctx.api, ctx.labels);
  const items = await Promise.all(referrals.map(async (referral) => ({
    referral,
    document: await openJson(referral.copy, 'note', ctx.intakeKeys),
    notice: await openJson(referral.forceReference, 'reply', ctx.intakeKeys),
  })));
  if (shownFor !== report) return;
  if (items.length === 0) {
    const none = document.createElement('li');
    none.textContent = t('referral.history.none');
    history.replaceChildren(none);
  } else {
    history.replaceChildren(...items.map((item) => entry(item, report, ctx, directory)));
  }
  const dead = referrals.filter((referral) => referral.state === 'dead');
  caseAlert.replaceChildren(...dead.map((referral) => {
    const p = document.createElement('p');
    p.textContent = format(t('referral.dead.case'), referral.reference, directory.name(referral.force),
      errorWords(referral.lastError, t));
    return p;
  }));
  caseAlert.hidden = dead.length === 0;
}

function row(list, label, value) {
  if (!value) return;
  const wrapper = document.createElement('div');
  wrapper.className = 'review-row';
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.append(value);
  wrapper.append(dt, dd);
  list.append(wrapper);
}

function entry({ referral, document: sent, notice }, report, ctx, directory) {
  const { t } = ctx;
  const item = document.createElement('li');
  item.className = `referral referral--${referral.state}`;
  item.dataset.referralId = referral.id;
  const list = document.createElement('dl');
  list.className = 'review-list';
  row(list, t('referral.history.reference'), referral.reference);
  row(list, t('referral.history.force'), directory.name(referral.force));
  row(list, t('referral.history.state'), t(`referral.state.${referral.state}`));
  row(list, t('referral.history.error'), errorWords(referral.lastError, t));
  row(list, t('referral.history.created'), when(referral.created));
  row(list, t('referral.history.queued'), when(referral.queued));
  row(list, t('referral.history.finished'), when(referral.finished));
  row(list, t('referral.history.proposed-by'), referral.proposedBy);
  row(list, t('referral.history.approved-by'), referral.approvedBy);
  if (referral.state === 'delivered') {
    row(list, t('referral.history.police-reference'), notice?.reference || t('referral.history.no-police-reference'));
  }
  item.append(list);

  const copy = document.createElement('details');
  const summary = document.createElement('summary');
  summary.textContent = t('referral.history.copy');
  const pre = document.createElement('pre');
  pre.className = 'referral-preview';
  pre.textContent = sent ? JSON.stringify(sent, null, 2) : t('referral.history.copy-sealed');
  copy.append(summary, pre);
  item.append(copy);

  const status = document.createElement('div');
  status.setAttribute('role', 'status');
  status.className = 'referral-action-status';
  const actions = document.createElement('div');
  actions.className = 'actions';
  const act = (label, className, run) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `button ${className}`;
    button.textContent = label;
    button.addEventListener('click', async () => {
      button.disabled = true;
      status.replaceChildren();
      const outcome = await run();
      button.disabled = false;
      if (outcome === null) return;
      if (outcome.ok) {
        await ctx.onReferralsChanged();
        return;
      }
      const problems = document.createElement('ul');
      problems.className = 'error-message';
      problems.append(...outcome.problems.map((text) => {
        const li = document.createElement('li');
        li.textContent = text;
        return li;
      }));
      status.replaceChildren(problems);
    });
    actions.append(button);
  };
  const post = async (action, body) => {
    let response;
    try {
      response = await ctx.api(`/casework/api/referrals/${referral.id}/${action}`, {
        method: 'POST',
        body: JSON.stringify(body ?? {}),
      });
    } catch {
      return { ok: false, problems: [t('staff.request-failed')] };
    }
    if (response.ok) return { ok: true };
    if (response.status === 422) {
      return { ok: false, problems: blocked(await response.json(), sent ?? {}, t).map((problem) => problem.text) };
    }
    return { ok: false, problems: [await failure(response, t)] };
  };
  if (referral.state === 'awaiting_approval' && sent) {
    if (referral.proposedBy === ctx.me) {
      const own = document.createElement('p');
      own.className = 'hint';
      own.textContent = t('referral.history.approve-own');
      item.append(own);
    } else {
      act(t('referral.history.approve'), '', () => post('approve', { document: sent }));
    }
  }
  if (referral.state === 'dead') {
    act(t('referral.history.retry'), '', () => post('retry', { force: referral.force }));
  }
  if (['awaiting_approval', 'queued', 'dead'].includes(referral.state)) {
    act(t('referral.history.cancel'), 'button--warning', () => (window.confirm(t('referral.history.cancel-confirm'))
      ? post('cancel') : null));
  }
  if (actions.childElementCount > 0) item.append(actions);
  item.append(status);
  return item;
}

/** The inbox alert: every referral whose delivery gave up, with a way to its report when it is on this page. */
export async function showDeadReferrals(ctx, reports, openCase) {
  const { t } = ctx;
  let dead = [];
  try {
    const response = await ctx.api('/casework/api/referrals/dead');
    if (response.ok) dead = await response.json();
  } catch {
    dead = [];
  }
  const directory = await forceDirectory(ctx.api, ctx.labels);
  inboxAlert.querySelector('ul').replaceChildren(...dead.map((referral) => {
    const li = document.createElement('li');
    li.append(format(t('referral.dead.item'), referral.reference, directory.name(referral.force)), ' ');
    const report = reports.find((candidate) => candidate.id === referral.report && candidate.document);
    if (report) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button--secondary';
      button.textContent = ctx.openLabel;
      button.addEventListener('click', () => openCase(report));
      li.append(button);
    } else {
      li.append(t('referral.dead.other-page'));
    }
    return li;
  }));
  inboxAlert.hidden = dead.length === 0;
}
