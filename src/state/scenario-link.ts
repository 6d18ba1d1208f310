import type { ScenarioOperation } from '../core/coverage/scenario-types.ts';
import { SCENARIO_LIMITS, scenarioOperationProblem, scenarioTextProblem } from '../data/sources/stored-scenario.ts';

/**
 * A planner's scenario in a shareable link: `scenario=<name>` and one `op=` per operation, in order:
 *
 *   op=add:3.15123,50.68123:59163:Site hypothétique 1   (position, commune code and name optional)
 *   op=move:3.5,50.35:347                                 (position, then the site's id)
 *   op=close:346                                          (the site's id)
 *
 * The id and the name come last, so they may hold any printable character, `:` included. Positions
 * are written to 7 decimals (the planner rounds them so when it makes them: a link gives them back exactly).
 * Bounded like every link parameter (a link is untrusted input): at most
 * {@link MAX_LINK_OPERATIONS} operations of {@link MAX_OPERATION_CHARS} characters; a malformed
 * operation is left out and counted, so that the app can say so.
 */

export const MAX_LINK_OPERATIONS = 50;
export const MAX_OPERATION_CHARS = 300;

export interface LinkScenario {
  name: string;
  operations: ScenarioOperation[];
  /** Operations of the link that could not be read (malformed, or beyond the bound), left out. */
  ignored: number;
}

/** A position to 7 decimals (about a centimetre): what the planner stores, so that a link gives it back exactly. */
export function roundLngLat(p: readonly [number, number]): [number, number] {
  return [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7];
}
const fmt = (p: readonly [number, number]) => roundLngLat(p).map(String).join(',');

/** One operation as a link writes it. */
export function operationToLink(op: ScenarioOperation): string {
  switch (op.action) {
    case 'add': {
      const tail = op.name ? `:${op.communeCode ?? ''}:${op.name}` : op.communeCode ? `:${op.communeCode}` : '';
      return `add:${fmt(op.lngLat)}${tail}`;
    }
    case 'move':
      return `move:${fmt(op.lngLat)}:${op.id}`;
    case 'close':
      return `close:${op.id}`;
  }
}

function position(text: string): [number, number] | null {
  const m = /^(-?\d{1,3}(?:\.\d{1,7})?),(-?\d{1,2}(?:\.\d{1,7})?)$/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** One operation read from a link, or null when it is malformed or out of bounds. */
export function operationFromLink(text: string): ScenarioOperation | null {
  if (text.length > MAX_OPERATION_CHARS) return null;
  const colon = text.indexOf(':');
  const action = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  let op: ScenarioOperation | null = null;
  if (action === 'close') op = { action: 'close', id: rest };
  else if (action === 'move' || action === 'add') {
    const at = rest.indexOf(':');
    const lngLat = position(at < 0 ? rest : rest.slice(0, at));
    const tail = at < 0 ? null : rest.slice(at + 1);
    if (!lngLat) return null;
    if (action === 'move') op = tail === null ? null : { action: 'move', id: tail, lngLat };
    else {
      const sep = tail === null ? -1 : tail.indexOf(':');
      const code = tail === null ? '' : sep < 0 ? tail : tail.slice(0, sep);
      const name = tail === null || sep < 0 ? null : tail.slice(sep + 1);
      op = { action: 'add', lngLat, name: name || null, ...(code ? { communeCode: code } : {}) };
    }
  }
  return op && scenarioOperationProblem(op) === null ? op : null;
}

/** The scenario a link carries, or null when it carries none (no name and no operation). */
export function scenarioFromLink(name: string | null, ops: readonly string[]): LinkScenario | null {
  if (name === null && ops.length === 0) return null;
  const operations: ScenarioOperation[] = [];
  let ignored = 0;
  for (const text of ops) {
    const op = operations.length < MAX_LINK_OPERATIONS ? operationFromLink(text) : null;
    if (op) operations.push(op);
    else ignored++;
  }
  const trimmed = name?.trim() ?? '';
  const goodName = trimmed !== '' && scenarioTextProblem(trimmed, SCENARIO_LIMITS.name) === null;
  return { name: goodName ? trimmed : 'Scénario partagé', operations, ignored };
}
