import type { MigrationFile } from './migrations-directory.ts';
import { scriptMatchesChecksum } from './migrations-directory.ts';

/** A row of `_prisma_migrations`. */
export interface MigrationRecord {
  id: string;
  checksum: string;
  finishedAt: Date | null;
  migrationName: string;
  logs: string | null;
  rolledBackAt: Date | null;
  startedAt: Date;
  appliedStepsCount: number;
}

export interface FailedMigration {
  name: string;
  startedAt: Date;
  logs: string | null;
}

export interface MigrationStatus {
  /** In the directory and recorded as finished, in directory order. */
  applied: string[];
  /** In the directory with no live record: `migrate deploy` would apply these. */
  pending: string[];
  /** Started and neither finished nor rolled back: Prisma refuses to go on until resolved. */
  failed: FailedMigration[];
  /** Applied, but the file no longer matches the checksum recorded when it was applied. */
  checksumMismatch: string[];
  /** Recorded as finished but absent from the directory (the database is ahead of this checkout). */
  unknown: string[];
}

/** Compares the directory with the table using Prisma's rules (rolled-back records are ignored). */
export function compareHistory(
  files: MigrationFile[],
  records: MigrationRecord[],
): MigrationStatus {
  const live = records.filter((record) => record.rolledBackAt === null);
  const finished = live.filter((record) => record.finishedAt !== null);
  const fileNames = new Set(files.map((file) => file.name));
  return {
    applied: files
      .filter((file) => finished.some((record) => record.migrationName === file.name))
      .map((file) => file.name),
    pending: files
      .filter((file) => !live.some((record) => record.migrationName === file.name))
      .map((file) => file.name),
    failed: live
      .filter((record) => record.finishedAt === null)
      .map((record) => ({
        name: record.migrationName,
        startedAt: record.startedAt,
        logs: record.logs,
      })),
    checksumMismatch: files
      .filter((file) =>
        finished.some(
          (record) =>
            record.migrationName === file.name &&
            !scriptMatchesChecksum(file.script, record.checksum),
        ),
      )
      .map((file) => file.name),
    unknown: [
      ...new Set(
        finished
          .filter((record) => !fileNames.has(record.migrationName))
          .map((record) => record.migrationName),
      ),
    ],
  };
}

/** Nothing pending, failed or edited: the database schema is what the migrations describe. */
export function isUpToDate(status: MigrationStatus): boolean {
  return (
    status.pending.length === 0 &&
    status.failed.length === 0 &&
    status.checksumMismatch.length === 0
  );
}
