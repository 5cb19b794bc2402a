// What a referral may carry over from a report (docs/referral.md §1), and how the caseworker's choices become
// a draft. Pure functions: referral-composer.js draws the rows and reads the choices back.

/** Categories for which the schema allows offenders.relation. */
export const RELATION_CATEGORIES = ['domestic-abuse', 'labour-exploitation', 'modern-slavery'];

/** Location precisions, finest first; a referral is never finer than a street. */
export const PRECISIONS = ['street', 'area', 'town', 'force'];

/** Precisions at which a postcode district (E1) still says no more than the place itself. */
export const POSTCODE_PRECISIONS = ['street', 'area'];

/** The reporter's where_precision as a referral precision; no answer means the force area only. */
export function reporterPrecision(answer) {
  switch (answer) {
    case 'exact':
    case 'street':
      return 'street';
    case 'area':
      return 'area';
    case 'town':
      return 'town';
    default:
      return 'force';
  }
}

/** The precisions a caseworker may choose: the reporter's own, or coarser. Never finer. */
export function allowedPrecisions(answer) {
  return PRECISIONS.slice(PRECISIONS.indexOf(reporterPrecision(answer)));
}

const many = (value) => (value == null ? [] : Array.isArray(value) ? value : [value]);
const one = (value) => (Array.isArray(value) ? value[0] : value);

/**
 * The rows the composer offers for a report's answers, in document order. A row is
 * {path, label, value, question?, array?, text?: {max, rows}, written?}: `question` names the report question
 * whose option labels show the value; `text` makes the value editable; `written` rows start empty for the
 * caseworker to fill. Nothing here is included until the caseworker ticks it.
 */
export function rowsFor(answers) {
  const rows = [];
  const add = (path, label, value, extra = {}) => {
    if (value !== undefined && value !== null && value !== '') rows.push({ path, label, value, ...extra });
  };
  const category = one(answers.crime_type);
  add('event.category', 'referral.field.category', category, { question: 'crime_type' });
  for (const strand of many(answers.hate_strands)) {
    add('event.hateStrands', 'referral.field.hate-strands', strand, { question: 'hate_strands', array: true });
  }
  const whenKind = one(answers.when_kind);
  add('event.when.kind', 'referral.field.when-kind', whenKind, { question: 'when_kind' });
  add('event.when.from', 'referral.field.when-from', one(answers.when_date));
  if (whenKind === 'range') add('event.when.until', 'referral.field.when-until', one(answers.when_until));
  const time = one(answers.when_time);
  if (time !== 'unknown') add('event.when.timeOfDay', 'referral.field.time-of-day', time, { question: 'when_time' });
  add('event.when.note', 'referral.field.when-note', one(answers.when_note), { text: { max: 200, rows: 1 } });
  for (const harm of many(answers.harm)) {
    add('event.harm', 'referral.field.harm', harm, { question: 'harm', array: true });
  }
  add('location.kind', 'referral.field.place-kind', one(answers.where_kind), { question: 'where_kind' });
  add('location.description', 'referral.field.place', one(answers.where_place), { text: { max: 200, rows: 1 } });
  rows.push({ path: 'location.postcodeDistrict', label: 'referral.field.postcode', value: '', written: true,
    hint: 'referral.postcode.hint', text: { max: 4, rows: 1 } });
  add('offenders.count', 'referral.field.offender-count', one(answers.offender_count), { question: 'offender_count' });
  add('offenders.known', 'referral.field.offender-known', one(answers.offender_known), { question: 'offender_known' });
  if (RELATION_CATEGORIES.includes(category)) {
    add('offenders.relation', 'referral.field.offender-relation', one(answers.offender_relation),
      { question: 'offender_relation' });
  }
  add('offenders.age', 'referral.field.offender-age', one(answers.offender_age), { question: 'offender_age' });
  add('offenders.height', 'referral.field.offender-height', one(answers.offender_height), { question: 'offender_height' });
  add('offenders.build', 'referral.field.offender-build', one(answers.offender_build), { question: 'offender_build' });
  add('offenders.description', 'referral.field.offender-description', one(answers.offender_description),
    { text: { max: 1000, rows: 4 } });
  add('objects.vehicles', 'referral.field.vehicles', one(answers.vehicles), { text: { max: 500, rows: 3 } });
  rows.push({ path: 'objects.property', label: 'referral.field.property', value: '', written: true,
    hint: 'referral.property.hint', text: { max: 1000, rows: 3 } });
  return rows;
}

/** Document order of every member a caseworker writes, so the preview reads like docs/referral.md. */
const ORDER = ['force', 'event.category', 'event.hateStrands', 'event.when.kind', 'event.when.from',
  'event.when.until', 'event.when.timeOfDay', 'event.when.note', 'event.harm', 'event.account',
  'location.precision', 'location.kind', 'location.description', 'location.postcodeDistrict',
  'offenders.count', 'offenders.known', 'offenders.relation', 'offenders.age', 'offenders.height',
  'offenders.build', 'offenders.description', 'objects.vehicles', 'objects.property'];

/** The draft for the included entries [{path, value, array?}]: nested members, arrays for array rows. */
export function buildDraft(entries) {
  const draft = {};
  const sorted = [...entries].sort((a, b) => ORDER.indexOf(a.path) - ORDER.indexOf(b.path));
  for (const { path, value, array } of sorted) {
    const keys = path.split('.');
    let node = draft;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key];
    }
    const last = keys[keys.length - 1];
    if (array) {
      node[last] ??= [];
      node[last].push(value);
    } else {
      node[last] = value;
    }
  }
  return draft;
}

const PATH_LABELS = {
  '': 'referral.field.document',
  force: 'referral.field.force',
  event: 'referral.field.event',
  'event.category': 'referral.field.category',
  'event.hateStrands': 'referral.field.hate-strands',
  'event.when': 'referral.field.when',
  'event.when.kind': 'referral.field.when-kind',
  'event.when.from': 'referral.field.when-from',
  'event.when.until': 'referral.field.when-until',
  'event.when.timeOfDay': 'referral.field.time-of-day',
  'event.when.note': 'referral.field.when-note',
  'event.harm': 'referral.field.harm',
  'event.account': 'referral.field.account',
  location: 'referral.field.location',
  'location.precision': 'referral.field.precision',
  'location.kind': 'referral.field.place-kind',
  'location.description': 'referral.field.place',
  'location.postcodeDistrict': 'referral.field.postcode',
  offenders: 'referral.field.offenders',
  'offenders.count': 'referral.field.offender-count',
  'offenders.known': 'referral.field.offender-known',
  'offenders.relation': 'referral.field.offender-relation',
  'offenders.age': 'referral.field.offender-age',
  'offenders.height': 'referral.field.offender-height',
  'offenders.build': 'referral.field.offender-build',
  'offenders.description': 'referral.field.offender-description',
  objects: 'referral.field.objects',
  'objects.vehicles': 'referral.field.vehicles',
  'objects.property': 'referral.field.property',
};

/** A JSON Pointer from the server (/event/hateStrands/0) as a dotted member path (event.hateStrands). */
export function memberPath(pointer) {
  return (pointer ?? '').split('/').slice(1).filter((part) => !/^\d+$/.test(part))
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

/** The label key for a pointer, or null for a member the composer does not know (shown as the pointer). */
export function labelKeyFor(pointer) {
  return PATH_LABELS[memberPath(pointer)] ?? null;
}
