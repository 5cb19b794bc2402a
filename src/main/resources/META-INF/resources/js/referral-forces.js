// The police forces a referral can name: the report form's police areas, named and marked by the force
// registry (GET /casework/api/forces) where the server has it. Without it every force is offered unmarked and
// the server's firewall still refuses a force that cannot receive.

let directory = null;

/** {forces: [{code, name, canReceive: boolean | null}], name(code)}, loaded once per page. */
export function forceDirectory(api, labels) {
  directory ??= load(api, labels);
  return directory;
}

async function load(api, labels) {
  const prefix = 'q.where_force.';
  const byCode = new Map(Object.keys(labels.text)
    .filter((key) => key.startsWith(prefix) && !key.endsWith('.label') && !key.endsWith('.hint') && key !== `${prefix}dont-know`)
    .map((key) => [key.slice(prefix.length), { code: key.slice(prefix.length), name: labels.text[key], canReceive: null }]));
  try {
    const response = await api('/casework/api/forces');
    if (response.status === 200) {
      for (const force of await response.json()) {
        const known = byCode.get(force.code);
        if (known) {
          known.name = force.name || known.name;
          known.canReceive = Boolean(force.canReceive);
        }
      }
    }
  } catch {
    // the registry's list is a help, not a need
  }
  const forces = [...byCode.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return { forces, name: (code) => byCode.get(code)?.name ?? code };
}
