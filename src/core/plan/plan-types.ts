/**
 * The SDAASP plan against what the open data measure. The seed (`seeds/sdaasp-NN-actions.json`,
 * checked by src/data/plan/plan-seed.ts) gives the actions and their numeric targets; the
 * facts (src/data/plan/plan-facts.ts) are what the bundle measures; `planStatusRows` puts
 * them side by side. Everything here is plain data: it crosses a worker boundary as is.
 */

/** A numeric target of an action: an objective, or a dated figure the plan reports as done (milestone). */
export interface PlanTarget {
  indicator: string;
  value: number;
  /** The seed's unit, in its words. */
  unit: string;
  /** The same unit in French (`unit_fr`), shown to users when given. */
  unitFr?: string | null;
  /** Deadline: `YYYY`, `YYYY-MM-DD`, or a range `YYYY/YYYY` (its end counts). */
  by: string;
  kind: 'objective' | 'milestone';
  scope: string | null;
  /** Where in the seed the figure comes from. */
  sourceRef: string | null;
  /** French: which data would measure it, when the open data here cannot. */
  openDataNeeded: string | null;
}

/** A milestone of the plan's 2021–2023 column: its period (`YYYY`, `YYYY/YYYY`, `YYYY-MM-DD`) and what it says. */
export interface PlanMilestone {
  period: string;
  text: string;
  /** The project's French wording (`milestone_fr`), shown to users when given. */
  textFr: string | null;
}

export interface PlanAction {
  id: string;
  slug: string;
  title: string;
  /** The project's French title (`title_fr`), shown to users when given. */
  titleFr?: string | null;
  pilots: string[];
  targets: PlanTarget[];
  /** The 2021–2023 milestones, as the seed lists them (qualitative ones included). */
  milestones?: PlanMilestone[];
  /** Whether open data measure the action at all, and (French) which data would be needed. */
  openData: { measurable: 'partly' | 'no'; needed: string | null; note: string | null } | null;
  targetsNote: string | null;
}

export interface PlanSeed {
  departement: string;
  title: string;
  period: string;
  actions: PlanAction[];
}

/** The France Services network on one date: sites open, and per canton the sites counted for the target. */
export interface PlanNetworkPoint {
  date: string;
  sites: number;
  buses: number;
  /** Sites counted for the target per canton (buses included when the rule counts them), in `cantons` order. */
  counted: number[];
  /** Cantons meeting the département's rule that day. */
  cantonsMet: number;
}

/** A measured figure and where it comes from. */
export interface PlanSource {
  /** French attribution of the source, with its vintage. */
  source: string;
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: the date the figure describes. */
  asOf: string;
}

/** What the bundle measures, for the plan. A null member: the layer is not in the bundle. */
export interface PlanFacts {
  departement: { code: string; name: string };
  franceServices: {
    listDate: string;
    source: string;
    /** The département's rule, used for "cantons meeting the rule" and priority cantons. */
    rule: { target: number; priorityTarget: number; countBuses: boolean };
    cantons: { code: string; name: string; priority: boolean }[];
    /** One point per date the network changes, ascending (the list's date last). */
    series: PlanNetworkPoint[];
    /** The October 2020 snapshot compared with the list by id (null: no snapshot in the bundle). */
    snapshot2020: { sites: number; missing: number; moved: number; renamed: number } | null;
  } | null;
  digitalInclusion: (PlanSource & { places: number; records: number; cantonsWithPlace: number; cantons: number }) | null;
  siilab: (PlanSource & { places: number }) | null;
  conseillers2021: (PlanSource & { structures: number; advisors: number }) | null;
  conseillers2023: (PlanSource & { structures: number; attributed: number; recruited: number }) | null;
  /** Posts per year; `rejected`: rows of that year's source the build set aside (over all its years, see report.json). */
  adultesRelais: { year: string; posts: number; source: string; rejected: number }[] | null;
}

/**
 * - `reached` / `not reached`: a numeric target and a measure of the same thing;
 * - `no target`: measured, but the plan sets no figure to compare it with;
 * - `not measurable`: the open data here cannot measure it (`note` says which data would);
 * - `no plan loaded`: no SDAASP seed for the département: the measure alone.
 */
export type PlanStatus = 'reached' | 'not reached' | 'no target' | 'not measurable' | 'no plan loaded';

export const PLAN_STATUS_FR: Record<PlanStatus, string> = {
  reached: 'atteint',
  'not reached': 'non atteint',
  'no target': 'sans cible chiffrée',
  'not measurable': 'non mesurable avec les données ouvertes',
  'no plan loaded': 'aucun plan chargé',
};

/** One row of the plan status: an indicator of an action, its target and what the data measure. */
export interface PlanRow {
  /** Action id of the seed (`A01`), or null when no plan is loaded. */
  action: string | null;
  actionTitle: string | null;
  /** snake_case id of the indicator (the seed's, or the measure's). */
  indicator: string;
  /** What is counted, in French. */
  label: string;
  target: number | null;
  /** Deadline of the target as an ISO day (end of the year or range for `YYYY`, `YYYY/YYYY`). */
  targetBy: string | null;
  measured: number | null;
  unit: string;
  source: string;
  /** Date the measure describes. */
  asOf: string | null;
  status: PlanStatus;
  /** French: caveat, or for `not measurable` which data would be needed. */
  note: string;
}
