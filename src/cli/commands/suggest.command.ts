import { resolve } from 'node:path';
import {
  DEFAULT_MAX_KM,
  DEFAULT_MAX_MINUTES,
  MAX_MINUTES_LIMIT,
  MAX_SUGGESTIONS,
  PLACEMENT_ACCESS,
  PLACEMENT_GOALS,
  type PlacementAccess,
  type PlacementGoal,
} from '../../core/planning/suggest-placements.ts';
import { say, writeOutput } from '../io/output.ts';
import { defineCommand } from './command.ts';

export const suggestCommand = defineCommand({
  name: 'suggest',
  summary: 'where to open N new France Services, ranked (the planner\'s "Où implanter N nouvelles France Services ?")',
  options: {
    dept: { kind: 'dept', default: '59', help: 'département (default 59); reads DATA/NN (run "data" first)' },
    data: { kind: 'text', valueName: 'DIR', help: 'bundle folder (default public/data)' },
    add: {
      kind: 'whole',
      min: 1,
      max: MAX_SUGGESTIONS,
      required: true,
      valueName: 'N',
      help: `how many sites to suggest, 1 to ${MAX_SUGGESTIONS} (required)`,
    },
    objective: {
      kind: 'choice',
      values: PLACEMENT_GOALS,
      default: 'access',
      valueName: 'O',
      help: "access (default): most people newly within reach (--max-minutes by road, or --max-km) of a fixed France Services;\ngaps: close the canton gaps of the département's rule first, then the same",
    },
    access: {
      kind: 'choice',
      values: PLACEMENT_ACCESS,
      default: 'auto',
      valueName: 'A',
      help: 'auto (default): within --max-minutes by road when "roads" built a graph, else within --max-km |\ndrive: by road, an error without a graph | straight: within --max-km in a straight line',
    },
    'max-minutes': {
      kind: 'whole',
      min: 1,
      max: MAX_MINUTES_LIMIT,
      example: '--max-minutes 30',
      valueName: 'T',
      help: `coverage time in minutes by road (default ${DEFAULT_MAX_MINUTES})`,
    },
    'max-km': {
      kind: 'decimal',
      min: 0.1,
      max: 100,
      example: '--max-km 10',
      valueName: 'D',
      help: `coverage distance in km, straight line (default ${DEFAULT_MAX_KM})`,
    },
    'priority-weight': {
      kind: 'whole',
      min: 1,
      max: 10,
      default: 1,
      valueName: 'W',
      help: 'people of the SDAASP priority territories count W times (1-10, default 1)',
    },
    format: { kind: 'choice', values: ['json', 'csv'], default: 'json', valueName: 'F', help: 'json (default) | csv' },
    out: { kind: 'text', valueName: 'FILE', help: 'output file (default: standard output)' },
  },
  notes: "               candidates: each commune's label point; existing and neighbouring fixed France Services stay open\n",
  async run(values) {
    const { runSuggest } = await import('../actions/suggest.action.ts');
    const { text, notes } = await runSuggest({
      dept: values.dept,
      dataDir: resolve(values.data ?? 'public/data'),
      count: values.add,
      objective: values.objective as PlacementGoal,
      maxKm: values['max-km'] ?? DEFAULT_MAX_KM,
      access: values.access as PlacementAccess,
      maxMinutes: values['max-minutes'] ?? DEFAULT_MAX_MINUTES,
      priorityWeight: values['priority-weight'],
      format: values.format as 'json' | 'csv',
    });
    writeOutput(values.out, text);
    for (const n of notes) say(n);
    return 0;
  },
});
