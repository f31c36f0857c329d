import { createContext, useContext } from 'react';

/**
 * The nonce of this answer's Content-Security-Policy (security-headers.ts), which the server
 * render gives every inline script Remix writes. Undefined in the browser: once a page has
 * loaded, its scripts are modules from the console's own origin.
 */
export const CspNonceContext = createContext<string | undefined>(undefined);

export function useCspNonce(): string | undefined {
  return useContext(CspNonceContext);
}
