import { createContext, useContext } from 'react';

/** The signed-in user's role, provided by the signed-in layout (routes/_app.tsx). */
export const RoleContext = createContext<string | undefined>(undefined);

/**
 * The signed-in user's role. Outside the signed-in layout (component tests of a single part) no
 * role is known and nothing is gated: the API stays the authority on every write either way.
 */
export function useRole(): string {
  return useContext(RoleContext) ?? 'admin';
}
