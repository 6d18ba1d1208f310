import { lazy, Suspense } from 'react';
import { CANTONS } from '../layers/cantons.ts';
import { useAppStore } from './use-app-store.ts';

/**
 * The panels that the first view does not show, each in a chunk of its own fetched when it first
 * renders (the first view's bytes: docs/benchmarks.md): the planner's workspace (its sidebar,
 * charts and map overlay), the SDAASP plan view, the import panel and the printed canton sheet.
 * Each renders nothing until its chunk has arrived (a few kilobytes from the same server).
 */
const PlanViewChunk = lazy(() => import('./plan/PlanView.tsx').then((m) => ({ default: m.PlanView })));
const CantonSheetChunk = lazy(() => import('./print/CantonSheet.tsx').then((m) => ({ default: m.CantonSheet })));
const PlannerMapOverlayChunk = lazy(() => import('./planner/PlannerMapOverlay.tsx').then((m) => ({ default: m.PlannerMapOverlay })));
const PlannerSidebarChunk = lazy(() => import('./planner/PlannerSidebar.tsx').then((m) => ({ default: m.PlannerSidebar })));
const ImportPanelChunk = lazy(() => import('./ImportPanel.tsx').then((m) => ({ default: m.ImportPanel })));

export function PlanView() {
  return (
    <Suspense fallback={<p>Chargement du plan…</p>}>
      <PlanViewChunk />
    </Suspense>
  );
}

/** The printed sheet of the selected canton: loaded once a canton is selected. */
export function CantonSheet() {
  const cantonSelected = useAppStore((s) => s.selected?.layer === CANTONS.id);
  if (!cantonSelected) return null;
  return (
    <Suspense fallback={null}>
      <CantonSheetChunk />
    </Suspense>
  );
}

export function PlannerMapOverlay() {
  return (
    <Suspense fallback={null}>
      <PlannerMapOverlayChunk />
    </Suspense>
  );
}

export function PlannerSidebar() {
  return (
    <Suspense fallback={<p>Chargement de l’espace planification…</p>}>
      <PlannerSidebarChunk />
    </Suspense>
  );
}

export function ImportPanel() {
  return (
    <Suspense fallback={<p>Chargement…</p>}>
      <ImportPanelChunk />
    </Suspense>
  );
}
