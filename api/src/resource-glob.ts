// A public entry of the API (`@kyros/api/resource-glob`, package.json `exports`): the lease
// overlap rule on its own, for checking a replayed lease log (bench:mcp's double-held count).
export { resourcesOverlap } from './collab/domain/resource-glob.ts';
