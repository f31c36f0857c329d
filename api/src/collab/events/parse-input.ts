/**
 * The event log validates the events handed to it like request input (one 400 listing every
 * field at fault); the one parser lives in `api/src/http/request-input.ts`.
 */
export { parseRequestPart as parseInput } from '../../http/request-input.ts';
