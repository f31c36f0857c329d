import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** The console's feature flags (config/flags.json). Unknown keys are ignored; missing ones default. */
export const ConsoleFlags = z.object({
  /** Fill a fresh install (an empty board, or only the seed) with a believable board, agents and jobs. */
  demoMode: z.boolean().default(false),
  /** Show the Scheduler; when false the page explains that scheduling is turned off. */
  schedulerEnabled: z.boolean().default(true),
});
export type ConsoleFlags = z.infer<typeof ConsoleFlags>;

export interface FlagsReading {
  flags: ConsoleFlags;
  file: string;
  /** Why the file was not used (missing, not JSON, wrong shape); the defaults apply then. */
  problem?: string;
}

/** Reads the flags file; a missing or broken file means the defaults, with the reason kept. */
export async function readFlags(file: string): Promise<FlagsReading> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      flags: ConsoleFlags.parse({}),
      file,
      problem: code === 'ENOENT' ? 'file not found; defaults apply' : String(error),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { flags: ConsoleFlags.parse({}), file, problem: 'not valid JSON; defaults apply' };
  }
  const parsed = ConsoleFlags.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      flags: ConsoleFlags.parse({}),
      file,
      problem: `${issue?.path.join('.') ?? ''} ${
        issue?.message ?? 'invalid'
      }; defaults apply`.trim(),
    };
  }
  return { flags: parsed.data, file };
}
