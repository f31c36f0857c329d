// A public entry of the API (`@kyros/api/access-tokens`, package.json `exports`): the access-token
// format every replica checks. A process that holds KYROS_JWT_SECRET — the benchmark's load
// client — may mint tokens with it instead of signing in.
export { signAccessToken, type AccessClaims } from './auth/tokens.ts';
