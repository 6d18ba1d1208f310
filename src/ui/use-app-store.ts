import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppState } from '../state/app-state.ts';
import type { AppStore } from '../state/store.ts';

const StoreContext = createContext<AppStore | null>(null);

/** Provides the application store to the component tree (a test can pass its own store). */
export const StoreProvider = StoreContext.Provider;

/** The store itself, for actions and for the map controller. */
export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStoreApi: no <StoreProvider> above this component');
  return store;
}

/** Reads a narrow slice of the store; re-renders only when the selected value changes. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}
