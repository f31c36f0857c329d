/**
 * The environment a terminal session's shell starts with: an allowlist, never the daemon's own
 * environment minus a denylist. The daemon runs beside the API and the worker and may inherit
 * DATABASE_URL, KYROS_JWT_SECRET, KYROS_API_KEY, TEMPORAL_API_KEY and whatever else the
 * deployment sets; a variable not named here is not passed on, so a secret added later is safe
 * by default.
 */
const PASSED_ON = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR']);
const PASSED_ON_PREFIXES = ['LC_'];

export interface SessionEnvOptions {
  /** The daemon's environment to pick from. */
  inherited: Record<string, string | undefined>;
  shell: string;
  sessionId: string;
  taskId: string | null;
}

export function sessionEnvironment(options: SessionEnvOptions): Record<string, string> {
  const { inherited, shell, sessionId, taskId } = options;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inherited)) {
    if (value === undefined) continue;
    if (PASSED_ON.has(name) || PASSED_ON_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      env[name] = value;
    }
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  env.SHELL = shell;
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  env.KYROS_TERMINAL_SESSION = sessionId;
  if (taskId !== null) env.KYROS_TASK_ID = taskId;
  return env;
}
