/** Prisma's P2002: a unique index refused the write (the row a concurrent writer made first). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'P2002';
}
