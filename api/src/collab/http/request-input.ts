/**
 * Request parsing lives in `api/src/http/request-input.ts`; `auth/auth-module.ts` still imports
 * it from here until it is declared with `defineRoute` (http/route.ts) like the other modules.
 */
export { parseIdParam, parseJsonBody } from '../../http/request-input.ts';
