import { ARRONDISSEMENTS } from '../../layers/arrondissements.ts';
import { CANTONS } from '../../layers/cantons.ts';
import { COMMUNES } from '../../layers/communes.ts';
import { DEPARTEMENT } from '../../layers/departement.ts';
import { EPCI } from '../../layers/epci.ts';
import { layerHead, sourceUse, type BuiltLayer } from './build-types.ts';
import { sum, type FrameInputs } from './build-frame-steps.ts';
import type { SourceDescription } from '../sources/source-description.ts';
import type { CogCantons, CurrentCommunes, densityLevels, qpvCodesByCommune } from './build-frame-steps.ts';
import type { CommunePolygons } from './build-frame-polygons.ts';
import type { arrondissementOutlines, cantonOutlines, DrawnParts } from './build-frame-areas.ts';
import type { departementOutline, epciWithIllectronisme } from './build-frame-context.ts';

/** Everything the steps read or made, for the layers' manifest entries. */
export type FrameSteps = CurrentCommunes &
  CogCantons &
  ReturnType<typeof densityLevels> &
  ReturnType<typeof qpvCodesByCommune> &
  CommunePolygons &
  DrawnParts &
  ReturnType<typeof cantonOutlines> &
  ReturnType<typeof arrondissementOutlines> &
  ReturnType<typeof departementOutline> &
  ReturnType<typeof epciWithIllectronisme> & { refUse: SourceDescription; refFiles: string[] };

/** The département outline layer. */
export function departementLayer(s: FrameSteps): BuiltLayer {
  const { depDesc, depFile, depFeatures, depFeature } = s;
  return {
    manifest: {
      ...layerHead(DEPARTEMENT),
      status: 'ok',
      features: 1,
      sources: [sourceUse(depDesc, [depFile], { read: depFeatures.length, kept: 1, rejected: 0 })],
      caveats: depDesc.caveats ?? [],
    },
    data: { type: 'FeatureCollection', features: [depFeature] },
  };
}

/** The arrondissements layer: outlines dissolved from the communes of each current arrondissement. */
export function arrondissementsLayer(s: FrameSteps): BuiltLayer {
  const { arrFeatures, arrRef, refUse, refFiles, comDesc, comFile, communeFeatures } = s;
  return {
    manifest: {
      ...layerHead(ARRONDISSEMENTS),
      status: 'ok',
      features: arrFeatures.length,
      sources: [
        sourceUse(refUse, refFiles, { read: arrRef.size, kept: arrFeatures.length, rejected: 0 }, [
          'noms des arrondissements et appartenance des communes',
        ]),
        sourceUse(comDesc, [comFile], { read: communeFeatures.length, kept: communeFeatures.length, rejected: 0 }, [
          'contours: communes de chaque arrondissement fusionnées',
        ]),
      ],
      caveats: ['Contours obtenus par fusion des communes de chaque arrondissement actuel: ils suivent les limites communales.'],
    },
    data: { type: 'FeatureCollection', features: arrFeatures },
  };
}

/** The cantons layer: the communes of each COG canton dissolved, split communes cut by the 2018 canton polygons. */
export function cantonsLayer(c: FrameInputs, s: FrameSteps): BuiltLayer {
  const { file } = c;
  const { canDesc, canFile, canRead, can2018, cantonFeatures, cantonDesc, cantonRows, pseudoCantons, cuts, comDesc, comFile } = s;
  const cutNotes = cuts.map((x) =>
    x.pieces.length
      ? `${x.name} (${x.pseudoCanton}) découpée en ${x.pieces.length} parties: ${x.pieces.map((p) => `${p.canton} ${(p.share * 100).toFixed(1).replace('.', ',')} %`).join(', ')}`
      : `${x.name} (${x.pseudoCanton}) dessinée entière: aucun contour de canton ne la recoupe`,
  );
  return {
    manifest: {
      ...layerHead(CANTONS),
      status: 'ok',
      features: cantonFeatures.length,
      sources: [
        sourceUse(cantonDesc, [file('insee-cog-cantons-2025')], { read: cantonRows.length, kept: cantonRows.length, rejected: 0 }, [
          `${pseudoCantons.size} pseudo-cantons (communes partagées entre cantons): ${[...pseudoCantons].join(', ')}`,
        ]),
        sourceUse(comDesc, [comFile], { read: s.communeFeatures.length, kept: s.communeFeatures.length, rejected: 0 }, [
          'contours: communes de chaque canton du COG fusionnées',
        ]),
        sourceUse(canDesc, [canFile], { read: canRead, kept: can2018.length, rejected: canRead - can2018.length }, [
          'découpe des communes partagées entre cantons',
          ...cutNotes,
        ]),
      ],
      caveats: [
        'Contours obtenus par fusion des communes de chaque canton du COG 2025: un site est dessiné dans le canton qui le compte dès que ses coordonnées tombent dans sa commune.',
        'Les communes partagées entre cantons (pseudo-cantons du COG) sont découpées par les contours 2018 des cantons, simplifiés: la limite à l’intérieur de ces communes peut s’écarter de plusieurs centaines de mètres.',
        'Codes de canton à la forme INSEE à 4 caractères; noms du COG 2025.',
      ],
      stats: { pseudo_cantons: [...pseudoCantons].join(' '), split_communes_cut: cuts.filter((x) => x.pieces.length > 1).length },
    },
    data: { type: 'FeatureCollection', features: cantonFeatures },
  };
}

/** The communes layer, with its five sources. */
export function communesLayer(c: FrameInputs, s: FrameSteps): BuiltLayer {
  const { file, dept } = c;
  const {
    refUse,
    refFiles,
    comDesc,
    comFile,
    raw2018,
    comRep,
    communeFeatures,
    current,
    communes,
    cogDesc,
    cogRows,
    cogCanton,
    densDesc,
    densFile,
    densRead,
    density,
    qpvDesc,
    qpvByCommune,
  } = s;
  return {
    manifest: {
      ...layerHead(COMMUNES),
      status: 'ok',
      features: communeFeatures.length,
      sources: [
        sourceUse(
          comDesc,
          [comFile],
          { read: raw2018.length, kept: raw2018.length - comRep.count('rejected'), rejected: comRep.count('rejected') },
          [`${raw2018.length} polygones 2018 fusionnés en ${communeFeatures.length} communes actuelles`],
        ),
        sourceUse(refUse, refFiles, { read: current.length, kept: communes.size, rejected: current.length - communes.size }, [
          'codes, noms, population municipale, codes postaux, EPCI',
        ]),
        sourceUse(
          cogDesc,
          [file('insee-cog-communes-2025')],
          { read: cogRows.length, kept: cogCanton.size, rejected: cogRows.length - cogCanton.size },
          ['commune → canton'],
        ),
        sourceUse(densDesc, [densFile], { read: densRead, kept: density.size, rejected: densRead - density.size }),
        sourceUse(qpvDesc, [file('anct-qpv-communes-2024')], { read: qpvByCommune.size, kept: qpvByCommune.size, rejected: 0 }, [
          'codes QPV par commune',
        ]),
      ],
      caveats: [...(comDesc.caveats ?? []), 'Commune rurale: niveaux de densité ' + dept.coverage.ruralDensityLevels.join(', ') + '.'],
      stats: { population: sum([...communes.values()].map((c) => c.population)) ?? 0, polygons_2018: raw2018.length },
    },
    data: { type: 'FeatureCollection', features: communeFeatures },
  };
}

/** The EPCI layer, with the illectronisme rate. */
export function epciLayer(s: FrameSteps): BuiltLayer {
  const { refUse, refFiles, epciInDept, epciFeatures, illDesc, illFile, illRead, illectronisme } = s;
  return {
    manifest: {
      ...layerHead(EPCI),
      status: 'ok',
      features: epciFeatures.length,
      sources: [
        sourceUse(
          refUse,
          refFiles,
          { read: epciInDept.length, kept: epciFeatures.length, rejected: epciInDept.length - epciFeatures.length },
          ['appartenance des communes'],
        ),
        sourceUse(illDesc, [illFile], { read: illRead, kept: illectronisme.size, rejected: illRead - illectronisme.size }, [
          "taux d'illectronisme",
        ]),
      ],
      caveats: [
        "Contours obtenus par fusion des communes du département: un EPCI à cheval sur deux départements n'est dessiné que pour sa partie dans le département (partial = true).",
        ...(illDesc.caveats ?? []),
      ],
    },
    data: { type: 'FeatureCollection', features: epciFeatures },
  };
}
