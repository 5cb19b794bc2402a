// Statistics for the advocacy body's public work. The browser unlocks the staff member's key, opens every
// report page by page, adds each report to the tallies and lets the report go, so memory stays flat however
// many reports there are. Nothing counted is sent to the server; the keys are dropped once counting ends.
// Counts under 5 are shown and exported as "<5" so that a small group of people cannot be picked out.

import { staffApi, myKeyMaterial, unlock, openReportsPage } from '/js/staff-unlock.js';

const SUPPRESS_BELOW = 5;
const SUPPRESSED = '<5';
const NOT_GIVEN = '';
const PARALLEL_PAGES = 4;
const DIMENSIONS = ['month', 'crime_type', 'hate_strands', 'where_force', 'consent', 'outcome', 'status', 'lang'];

const root = document.getElementById('stats');
const labels = JSON.parse(root.dataset.labels);
const el = (id) => document.getElementById(id);
const fill = (template, ...args) => args.reduce((s, a, i) => s.replace(`{${i}}`, String(a)), template);

/** What is shown and exported for a count: "<5" for 1 to 4, the number otherwise. */
const shown = (count) => (count > 0 && count < SUPPRESS_BELOW ? SUPPRESSED : String(count));

function newTallies() {
  return { opened: 0, locked: 0, by: Object.fromEntries(DIMENSIONS.map((d) => [d, new Map()])) };
}

function add(map, value) {
  map.set(value, (map.get(value) ?? 0) + 1);
}

/** Adds one report (as openReportsPage returns it) to the tallies. */
function count(tallies, report) {
  if (!report.document) {
    tallies.locked += 1;
    return;
  }
  const answers = report.document.answers ?? {};
  const by = tallies.by;
  tallies.opened += 1;
  add(by.month, report.received.slice(0, 7));
  add(by.crime_type, answers.crime_type ?? NOT_GIVEN);
  const strands = Array.isArray(answers.hate_strands) ? answers.hate_strands : [];
  if (strands.length === 0) add(by.hate_strands, NOT_GIVEN);
  for (const strand of new Set(strands)) add(by.hate_strands, strand);
  add(by.where_force, answers.where_force ?? NOT_GIVEN);
  add(by.consent, report.consent ?? NOT_GIVEN);
  add(by.outcome, report.outcome ?? NOT_GIVEN);
  add(by.status, report.status);
  add(by.lang, report.document.lang ?? NOT_GIVEN);
}

/** Opens every page of reports, PARALLEL_PAGES at a time, calling onProgress(done, total) as pages finish. */
async function countAll(intakeKeys, onProgress) {
  const tallies = newTallies();
  const seen = new Set(); // a report that moves to the next page while we read is counted once
  let done = 0;
  const take = (data) => {
    for (const report of data.reports) {
      if (seen.has(report.id)) continue;
      seen.add(report.id);
      count(tallies, report);
    }
    done += data.reports.length;
    onProgress(Math.min(done, total), total);
  };
  const first = await openReportsPage(0, intakeKeys);
  const total = first.total;
  const pages = Math.ceil(total / first.pageSize);
  take(first);
  let next = 1;
  const worker = async () => {
    while (next < pages) {
      const page = next++;
      take(await openReportsPage(page, intakeKeys));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_PAGES }, worker));
  onProgress(total, total);
  return tallies;
}

function labelOf(dimension, value) {
  if (value === NOT_GIVEN) return root.dataset.notGiven;
  const text = labels.text;
  switch (dimension) {
    case 'month': return value;
    case 'status': return text[`status.${value}`] ?? value;
    case 'outcome': return labels.outcomes[value] ?? value;
    case 'lang': return labels.languages[value] ?? value;
    case 'hate_strands':
    case 'crime_type':
    case 'where_force':
    case 'consent': return text[`q.${dimension}.${value}`] ?? value;
    default: return value;
  }
}

/** Rows of one dimension in display order: months in time order, everything else largest first. */
function rowsOf(tallies, dimension) {
  const rows = [...tallies.by[dimension]].map(([value, n]) => ({ value, n, label: labelOf(dimension, value) }));
  suppressComplement(rows);
  if (dimension === 'month') return rows.sort((a, b) => a.value.localeCompare(b.value));
  return rows.sort((a, b) => b.n - a.n || a.label.localeCompare(b.label));
}

/**
 * Secondary suppression: when a chart hides exactly one small group, the total minus the other groups would
 * give it away, so the next smallest group is hidden as well.
 */
function suppressComplement(rows) {
  const small = rows.filter((r) => shown(r.n) === SUPPRESSED);
  if (small.length !== 1) return;
  const next = rows.filter((r) => shown(r.n) !== SUPPRESSED && r.n > 0).sort((a, b) => a.n - b.n)[0];
  if (next) next.hidden = true;
}

/** What is shown and exported for a row of a chart: its count, unless suppressed. */
const shownRow = (row) => (row.hidden ? SUPPRESSED : shown(row.n));

const SVG = 'http://www.w3.org/2000/svg';
function svg(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A horizontal bar chart. Sighted readers get the picture; the table after it carries the same numbers. */
function chart(rows) {
  const width = 640;
  const labelWidth = 260;
  const valueWidth = 48;
  const rowHeight = 26;
  const barSpace = width - labelWidth - valueWidth;
  const scale = Math.max(SUPPRESS_BELOW, ...rows.map((r) => (r.hidden ? 0 : r.n)));
  const picture = svg('svg', {
    class: 'stats-chart', viewBox: `0 0 ${width} ${rows.length * rowHeight}`, 'aria-hidden': 'true', focusable: 'false',
  });
  rows.forEach((row, i) => {
    const y = i * rowHeight;
    const label = row.label.length > 36 ? `${row.label.slice(0, 35)}…` : row.label;
    picture.append(svg('text', { x: labelWidth - 8, y: y + 18, 'text-anchor': 'end' }, label));
    const suppressed = shownRow(row) === SUPPRESSED;
    // A suppressed group is drawn as an outline the size of 5, so the picture gives away no more than "<5".
    const barWidth = Math.max(1, Math.round((barSpace * (suppressed ? SUPPRESS_BELOW : row.n)) / scale));
    picture.append(svg('rect', {
      class: suppressed ? 'stats-bar stats-bar--suppressed' : 'stats-bar',
      x: labelWidth, y: y + 4, width: barWidth, height: rowHeight - 8,
    }));
    picture.append(svg('text', { x: labelWidth + barWidth + 6, y: y + 18 }, shownRow(row)));
  });
  return picture;
}

function table(caption, rows, dimension) {
  const t = document.createElement('table');
  t.className = 'data-table stats-table';
  t.dataset.dimension = dimension;
  const c = t.createCaption();
  c.className = 'visually-hidden';
  c.textContent = caption;
  const head = t.createTHead().insertRow();
  for (const text of [root.dataset.columnGroup, root.dataset.columnCount]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    head.append(th);
  }
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.value = row.value;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = row.label;
    const td = document.createElement('td');
    td.textContent = shownRow(row);
    tr.append(th, td);
  }
  return t;
}

function render(tallies) {
  el('opened-count').textContent = fill(root.dataset.opened, tallies.opened);
  el('locked-count').textContent = fill(root.dataset.locked, tallies.locked);
  for (const section of document.querySelectorAll('.stats-dimension')) {
    const dimension = section.dataset.dimension;
    const heading = section.querySelector('h3');
    const rows = rowsOf(tallies, dimension);
    if (rows.length === 0) {
      const empty = document.createElement('p');
      empty.textContent = root.dataset.noneCounted;
      section.replaceChildren(heading, empty);
    } else {
      section.replaceChildren(heading, chart(rows), table(heading.textContent, rows, dimension));
    }
  }
}

/** A CSV cell; quoted when needed, and never read as a formula by a spreadsheet. */
function cell(value) {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV of every count, as dimension,value,count with codes (not labels) and small counts suppressed. */
function csv(tallies) {
  const lines = ['dimension,value,count',
    `reports,opened,${shown(tallies.opened)}`, `reports,could_not_open,${shown(tallies.locked)}`];
  for (const dimension of DIMENSIONS) {
    for (const row of rowsOf(tallies, dimension)) {
      lines.push([dimension, row.value === NOT_GIVEN ? 'not_given' : row.value, shownRow(row)].map(cell).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function exportCsv(tallies) {
  el('export-error').hidden = true;
  // The export is audited before it happens: no record, no file.
  const response = await staffApi('/casework/api/audit/export', { method: 'POST' });
  if (!response.ok) {
    el('export-error').hidden = false;
    return;
  }
  const url = URL.createObjectURL(new Blob([csv(tallies)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `haven-statistics-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function start() {
  if (await myKeyMaterial() === null) {
    el('no-key').hidden = false;
    return;
  }
  el('key-unlock').hidden = false;
  el('passphrase').focus();
}

el('key-unlock-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = event.target.querySelector('.error-message');
  error.hidden = true;
  el('progress-text').textContent = root.dataset.working;
  el('progress').hidden = false;
  let unlocked;
  try {
    unlocked = await unlock(el('passphrase').value, await myKeyMaterial());
  } catch {
    el('progress').hidden = true;
    error.textContent = root.dataset.failed;
    error.hidden = false;
    return;
  }
  el('passphrase').value = '';
  el('key-unlock').hidden = true;
  performance.mark('haven-stats-unlocked');
  const progress = el('stats-progress');
  const tallies = await countAll(unlocked.intakeKeys, (done, total) => {
    progress.max = Math.max(total, 1);
    progress.value = total === 0 ? 1 : done;
    el('progress-text').textContent = fill(root.dataset.count, done, total);
  });
  unlocked = null; // the keys are not needed any more
  performance.mark('haven-stats-counted');
  render(tallies);
  el('results').hidden = false;
  el('results-title').focus();
  el('export').addEventListener('click', () => exportCsv(tallies));
  performance.mark('haven-stats-shown');
});

start();
