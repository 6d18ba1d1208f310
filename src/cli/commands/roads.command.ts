import { join, resolve } from 'node:path';
import { say } from '../io/output.ts';
import { defineCommand } from './command.ts';

export const roadsCommand = defineCommand({
  name: 'roads',
  summary: 'build the road graph for drive times from a road file the user brings (docs/drive-time.md)',
  options: {
    dept: {
      kind: 'dept',
      default: '59',
      help: 'département (default 59); reads DATA/NN (run "data" first) and publishes it again\nwith roads.bin, roads.json and the drive-time zones (kept by later "data" builds)',
    },
    file: {
      kind: 'text',
      required: true,
      valueName: 'FILE',
      help: "an OpenStreetMap extract (.osm.pbf, e.g. Geofabrik's Nord-Pas-de-Calais) or a GeoJSON\nof road lines (IGN ROUTE 500, BD TOPO, OSM tags, a speed field) (required)",
    },
    speeds: { kind: 'text', valueName: 'FILE', help: 'speeds per road class, km/h, as JSON, overriding the default table' },
    data: { kind: 'text', valueName: 'DIR', help: 'bundles folder (default public/data)' },
  },
  notes:
    "exit 2 for a bad or foreign file, and for an extract covering less than half of the\ndépartement's population (another region's): nothing is written then\n",
  async run(values) {
    // the action and its libraries (pbf, fflate, the graph) load only when the command runs
    const { runRoads } = await import('../actions/roads.action.ts');
    await runRoads({
      dept: values.dept,
      file: values.file,
      speedsFile: values.speeds,
      dataDir: values.data ? resolve(values.data) : resolve('public/data'),
      // as the data command: the versions of public/data are kept in data/build/bundles
      versionsDir: values.data ? join(resolve(values.data), '.versions') : resolve('data/build/bundles'),
      log: say,
    });
    return 0;
  },
});
