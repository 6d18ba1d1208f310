import type { StateCreator } from 'zustand/vanilla';
import type { ScenarioOperation } from '../../core/coverage/scenario-types.ts';
import { suggestionsToOperations } from '../../core/planning/suggest-placements.ts';
import type { CoverageRunner } from '../../data/pipeline-runners.ts';
import { SCENARIO_LIMITS, SCENARIO_RECORD_SCHEMA, type ScenarioStore, type StoredScenario } from '../../data/sources/scenario-store.ts';
import type { AppState, PlannerScenario, ScenarioSlice } from '../app-state.ts';
import { withShownTable } from '../planner-table.ts';
import { roundLngLat } from '../scenario-link.ts';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const isStale = (err: unknown) => Boolean((err as { stale?: boolean } | null)?.stale);

function newId(): string {
  const c = globalThis.crypto;
  return `scenario-${c?.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`}`;
}

/** Same operations, in the same order (positions compared exactly: the planner rounds them once, when it makes them). */
export function sameOperations(a: readonly ScenarioOperation[], b: readonly ScenarioOperation[]): boolean {
  const key = (op: ScenarioOperation) =>
    op.action === 'add'
      ? `add|${op.lngLat[0]}|${op.lngLat[1]}|${op.communeCode ?? ''}|${op.name ?? ''}`
      : op.action === 'move'
        ? `move|${op.id}|${op.lngLat[0]}|${op.lngLat[1]}`
        : `close|${op.id}`;
  return a.length === b.length && a.every((op, i) => key(op) === key(b[i]));
}

/** A name for a new scenario that no saved scenario of the département has yet: « Scénario 1 », « Scénario 2 »… */
function freshName(saved: readonly StoredScenario[], dept: string | null, base = 'Scénario'): string {
  const taken = new Set(saved.filter((s) => s.dept === dept).map((s) => s.name));
  for (let n = 1; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}

/** A name typed by the user, trimmed and cut to the bound; null when nothing printable is left. */
function cleanName(name: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are dropped from a typed name
  const t = name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return t === '' ? null : t.slice(0, SCENARIO_LIMITS.name);
}

export function createScenarioSlice(
  runner: CoverageRunner | undefined,
  store: ScenarioStore | undefined,
): StateCreator<AppState, [], [], ScenarioSlice> {
  return (set, get) => {
    let seq = 0;
    let suggestRequest = 0;

    /** Writes the active scenario (one transaction); the saved list follows. A failure is said, never fatal. */
    const persist = (scenario: PlannerScenario) => {
      const dept = get().dept;
      if (!store || !dept) return;
      const now = new Date().toISOString();
      const previous = get().savedScenarios.find((s) => s.id === scenario.id);
      const record: StoredScenario = {
        schema: SCENARIO_RECORD_SCHEMA,
        id: scenario.id,
        dept,
        name: scenario.name,
        operations: scenario.operations,
        createdAt: previous?.createdAt ?? now,
        updatedAt: now,
      };
      set((s) => ({ savedScenarios: [record, ...s.savedScenarios.filter((r) => r.id !== record.id)] }));
      store
        .save(record)
        .catch((err: unknown) =>
          set({ scenarioStore: { status: 'unavailable', message: `Le scénario n’a pas pu être enregistré : ${messageOf(err)}.` } }),
        );
    };

    /** The active scenario with new operations (a new one when there is none), kept and applied. */
    const edit = (change: (ops: ScenarioOperation[]) => ScenarioOperation[], name?: string) => {
      const current = get().scenario ?? {
        id: newId(),
        name: name ?? freshName(get().savedScenarios, get().dept),
        operations: [],
        saved: false,
      };
      const operations = change([...current.operations]).slice(0, SCENARIO_LIMITS.operations);
      const next: PlannerScenario = { ...current, operations, saved: true };
      set({ scenario: next, scenarioNotice: null });
      persist(next);
      get().recomputeScenario();
    };

    const activate = (scenario: PlannerScenario | null, notice: string | null = null) => {
      set({ scenario, scenarioNotice: notice, plannerPick: null });
      get().recomputeScenario();
    };

    return {
      scenario: null,
      scenarioOutcome: null,
      scenarioStatus: 'idle',
      scenarioError: null,
      scenarioNotice: null,
      savedScenarios: [],
      scenarioStore: { status: 'idle', message: null },
      plannerTool: 'none',
      plannerPick: null,
      plannerHover: null,
      suggestion: { status: 'idle', options: null, result: null, error: null },

      startScenario(name) {
        const scenario: PlannerScenario = {
          id: newId(),
          name: (name && cleanName(name)) || freshName(get().savedScenarios, get().dept),
          operations: [],
          saved: true,
        };
        persist(scenario);
        activate(scenario);
      },

      renameScenario(name) {
        const current = get().scenario;
        const clean = cleanName(name);
        if (!current || !clean || clean === current.name) return;
        const next = { ...current, name: clean, saved: true };
        set({ scenario: next });
        persist(next);
        get().recomputeScenario();
      },

      addScenarioSite(lngLat, options) {
        edit((ops) => {
          const n = ops.filter((op) => op.action === 'add').length + 1;
          const op: ScenarioOperation = {
            action: 'add',
            lngLat: roundLngLat(lngLat),
            name: options?.name?.slice(0, SCENARIO_LIMITS.siteName) || `Site hypothétique ${n}`,
            ...(options?.communeCode ? { communeCode: options.communeCode } : {}),
          };
          return [...ops, op];
        });
        set({ plannerPick: null });
      },

      moveScenarioSite(ref, lngLat, communeCode) {
        const at = roundLngLat(lngLat);
        edit((ops) => {
          if (ref.kind === 'added') {
            const op = ops[ref.operation];
            if (op?.action !== 'add') return ops;
            const { communeCode: _old, ...rest } = op;
            void _old;
            ops[ref.operation] = { ...rest, lngLat: at, ...(communeCode ? { communeCode } : {}) };
            return ops;
          }
          // each existing site is moved or closed once: a new move replaces the earlier one (or its closing)
          const i = ops.findIndex((op) => op.action !== 'add' && op.id === ref.id);
          const move: ScenarioOperation = { action: 'move', id: ref.id, lngLat: at };
          if (i >= 0) ops[i] = move;
          else ops.push(move);
          return ops;
        });
        set({ plannerPick: null });
      },

      closeScenarioSite(id) {
        edit((ops) => {
          const i = ops.findIndex((op) => op.action !== 'add' && op.id === id);
          if (i >= 0) ops[i] = { action: 'close', id };
          else ops.push({ action: 'close', id });
          return ops;
        });
      },

      removeScenarioOperation(index) {
        if (!get().scenario?.operations[index]) return;
        edit((ops) => ops.filter((_, i) => i !== index));
      },

      openScenario(id) {
        const record = get().savedScenarios.find((s) => s.id === id);
        if (!record || get().scenario?.id === id) return;
        activate({ id: record.id, name: record.name, operations: [...record.operations], saved: true });
      },

      async deleteScenario(id) {
        set((s) => ({ savedScenarios: s.savedScenarios.filter((r) => r.id !== id) }));
        if (get().scenario?.id === id) activate(null);
        try {
          await store?.remove(id);
        } catch (err) {
          set({ scenarioStore: { status: 'unavailable', message: `Le scénario n’a pas pu être supprimé : ${messageOf(err)}.` } });
        }
      },

      closeScenario() {
        if (get().scenario) activate(null);
      },

      setLinkScenario(link) {
        const current = get().scenario;
        if (!link) return void (current && activate(null));
        const notice = link.ignored
          ? `${link.ignored} opération${link.ignored > 1 ? 's' : ''} du lien illisible${link.ignored > 1 ? 's' : ''} ou en trop, laissée${link.ignored > 1 ? 's' : ''} de côté.`
          : null;
        if (current && current.name === link.name) {
          // the same scenario, another state of it (back / forward): its operations follow the link
          if (sameOperations(current.operations, link.operations)) return;
          const next = { ...current, operations: [...link.operations] };
          set({ scenario: next, scenarioNotice: notice });
          if (next.saved) persist(next);
          return get().recomputeScenario();
        }
        const dept = get().dept;
        const saved = get().savedScenarios.find(
          (s) => s.dept === dept && s.name === link.name && sameOperations(s.operations, link.operations),
        );
        activate(
          saved
            ? { id: saved.id, name: saved.name, operations: [...saved.operations], saved: true }
            : { id: newId(), name: link.name, operations: [...link.operations], saved: false },
          notice,
        );
      },

      async restoreScenarios() {
        if (!store) return;
        set({ scenarioStore: { status: 'loading', message: null } });
        const load = await store.loadAll();
        const ids = new Set(load.scenarios.map((s) => s.id));
        // scenarios saved meanwhile (this session) stay
        const savedScenarios = [...get().savedScenarios.filter((s) => !ids.has(s.id)), ...load.scenarios];
        set({ savedScenarios, scenarioStore: { status: load.status, message: load.message } });
        // a link's scenario that was saved before: it is that one
        const current = get().scenario;
        if (current && !current.saved) {
          const same = savedScenarios.find(
            (s) => s.dept === get().dept && s.name === current.name && sameOperations(s.operations, current.operations),
          );
          if (same) set({ scenario: { ...current, id: same.id, saved: true } });
        }
      },

      recomputeScenario() {
        const { scenario, coverageSession: session, coverageRule: rule } = get();
        const n = ++seq;
        if (!scenario || scenario.operations.length === 0 || session === null || !rule || !runner) {
          set(withShownTable(get(), { scenarioOutcome: null, scenarioStatus: 'idle', scenarioError: null }));
          return;
        }
        set({ scenarioStatus: 'computing' });
        runner.scenario(session, { name: scenario.name, operations: scenario.operations }, rule).then(
          (outcome) => {
            if (n === seq) set(withShownTable(get(), { scenarioOutcome: outcome, scenarioStatus: 'loaded', scenarioError: null }));
          },
          (err: unknown) => {
            if (n !== seq || isStale(err)) return;
            set(withShownTable(get(), { scenarioOutcome: null, scenarioStatus: 'error', scenarioError: messageOf(err) }));
          },
        );
      },

      setPlannerTool(tool) {
        if (get().plannerTool !== tool || get().plannerPick) set({ plannerTool: tool, plannerPick: null });
      },

      setPlannerPick(ref) {
        set({ plannerPick: ref });
      },

      setPlannerHover(code) {
        if (get().plannerHover !== code) set({ plannerHover: code });
      },

      async suggestPlacements(options) {
        const { coverageSession: session, coverageRule: rule } = get();
        if (session === null || !runner) return;
        const n = ++suggestRequest;
        const asked = { ...options, ...(rule ? { rule } : {}) };
        set({ suggestion: { status: 'loading', options: asked, result: null, error: null } });
        try {
          const result = await runner.suggest(session, asked);
          if (n === suggestRequest) set({ suggestion: { status: 'loaded', options: asked, result, error: null } });
        } catch (err) {
          if (n === suggestRequest && !isStale(err))
            set({ suggestion: { status: 'error', options: asked, result: null, error: messageOf(err) } });
        }
      },

      addSuggestions(ranks) {
        const result = get().suggestion.result;
        if (!result) return;
        const chosen = result.suggestions.filter((s) => !ranks || ranks.includes(s.rank));
        const ops = suggestionsToOperations(chosen).map((op) => (op.action === 'add' ? { ...op, lngLat: roundLngLat(op.lngLat) } : op));
        const isIn = (list: readonly ScenarioOperation[], op: ScenarioOperation) =>
          list.some((o) => o.action === 'add' && op.action === 'add' && o.communeCode === op.communeCode && o.name === op.name);
        const fresh = ops.filter((op) => !isIn(get().scenario?.operations ?? [], op));
        if (fresh.length === 0) return;
        edit((current) => [...current, ...fresh], freshName(get().savedScenarios, get().dept, 'Suggestions'));
      },

      clearSuggestions() {
        suggestRequest++;
        set({ suggestion: { status: 'idle', options: null, result: null, error: null } });
      },
    };
  };
}
