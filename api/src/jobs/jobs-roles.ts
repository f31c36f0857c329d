/** The role sentences of the jobs routes' descriptions (viewers read; operators write). */
export const READ = 'Needs the viewer role or stronger.';
export const WRITE = 'Needs the operator role or stronger; audited.';
