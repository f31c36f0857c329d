import { ExecutorArgsSchemas, type ExecutorSpec } from './schemas/executors.ts';

/**
 * The lease resource that covers everything an executor may write. Lease globs know only `*`,
 * `?` and whole-segment `**`, so a glob with braces or classes widens to its literal directory
 * prefix (`src/{a,b}/*.ts` → `src`), which covers a superset: safe, merely coarser.
 */
export function leaseResourceFor(spec: ExecutorSpec): string {
  // Defaults apply here too: `docs/format` with no arguments formats (and leases) `**/*.md`.
  const args: Record<string, unknown> = ExecutorArgsSchemas[spec.name].parse(spec.args);
  if (typeof args.glob === 'string') return coveringResource(args.glob);
  if (typeof args.output === 'string') return coveringResource(args.output);
  return '**';
}

export function coveringResource(glob: string): string {
  const segments = glob.split('/').filter((segment) => segment !== '' && segment !== '.');
  const leaseable = segments.every(
    (segment) => !/[[\]{}!\\]/.test(segment) && (segment === '**' || !segment.includes('**')),
  );
  if (leaseable && segments.length > 0) return segments.join('/');
  const literal: string[] = [];
  for (const segment of segments) {
    if (/[*?[\]{}!\\]/.test(segment)) break;
    literal.push(segment);
  }
  return literal.length > 0 ? literal.join('/') : '**';
}

/**
 * A relative path in normal form with no glob syntax at all: it can match only the file it
 * names. Conservative: any character a glob dialect might read as magic makes it a pattern. The
 * API places a run over one named file in the worker by it, and the executor's glob expansion
 * reads that one file instead of walking.
 */
export function namesOneFile(glob: string): boolean {
  if (glob === '' || /[*?[\]{}()!+@\\]/.test(glob)) return false;
  return glob.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
