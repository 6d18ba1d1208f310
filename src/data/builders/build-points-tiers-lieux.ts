import { FIRST_RECEPTION } from '../../layers/first-reception.ts';
import { parseFrenchNumber } from '../parse/parse-csv.ts';
import { columnsOf, readCsv } from './read-raw.ts';
import { placePoint, pointFeature } from './place-point.ts';
import { sourceUse, type BuildInputs } from './build-types.ts';
import { need } from './build-points.ts';
import type { LocatedSite } from './build-points-merge.ts';
import type { Frame } from './build-frame.ts';

/** The tiers-lieux of the MEL in the département (by commune code, postcode or point). */
export function tiersLieuxSites(inputs: BuildInputs, frame: Frame) {
  const { desc, files } = need(inputs, 'mel-tiers-lieux-2020');
  const c = columnsOf(desc, 'id', 'name', 'mail', 'lat', 'lng', 'communeName', 'communeCode', 'postcode', 'address', 'tags', 'url');
  const csv = readCsv(files[0], desc, Object.values(c));
  const repTl = inputs.reporter(FIRST_RECEPTION.id, desc.id);
  for (const m of csv.malformed) repTl.add(files[0].path, m.row, null, 'rejected', `malformed CSV record: ${m.reason}`);
  let readTl = csv.malformed.length;
  const sites: LocatedSite[] = [];
  for (const r of csv.records) {
    const v = r.values;
    let code = v[c.communeCode].trim();
    if (code && !/^\d[\dAB]\d{3}$/.test(code)) {
      repTl.add(files[0].path, r.row, c.communeCode, 'corrected', 'not an INSEE code: ignored', code);
      code = '';
    }
    const postcode = v[c.postcode].trim();
    const lng = parseFrenchNumber(v[c.lng]);
    const lat = parseFrenchNumber(v[c.lat]);
    const inDeptByCode = code ? code.startsWith(inputs.dept.code) : postcode ? postcode.startsWith(inputs.dept.code) : null;
    const inDeptByPoint = lng !== null && lat !== null ? frame.departementIndex.findArea([lng, lat]) >= 0 : null;
    if (inDeptByCode === false || (inDeptByCode === null && inDeptByPoint === false)) continue;
    readTl++;
    if (inDeptByCode === null && inDeptByPoint === null) {
      repTl.add(
        files[0].path,
        r.row,
        `${c.postcode}/${c.lat}`,
        'rejected',
        'no postcode, INSEE code or coordinates: cannot tell where this tiers-lieu is',
        v[c.name],
      );
      continue;
    }
    const placement = placePoint(frame, repTl, {
      file: files[0].path,
      row: r.row,
      lng: v[c.lng],
      lat: v[c.lat],
      lngField: c.lng,
      latField: c.lat,
      communeCode: code || undefined,
      communeCodeField: c.communeCode,
      postcode,
      communeName: v[c.communeName],
    });
    if (!placement) continue;
    sites.push({
      feature: pointFeature(placement, {
        id: `tiers-lieu-${v[c.id]}`,
        layer: FIRST_RECEPTION.id,
        name: v[c.name],
        kind: 'tiers-lieu',
        address: v[c.address],
        postcode,
        commune_name: v[c.communeName],
        mail: v[c.mail] || null,
        website: v[c.url] || null,
        tags: v[c.tags] || null,
        self_declared: true,
        source: desc.id,
      }),
      source: { id: desc.id, title: desc.title },
      file: files[0].path,
      row: r.row,
      reporter: repTl,
    });
  }
  return { sites, use: sourceUse(desc, files, { read: readTl, kept: sites.length, rejected: readTl - sites.length }) };
}
