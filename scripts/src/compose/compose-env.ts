import { randomBytes } from 'node:crypto';

/** The secrets docker-compose.yml interpolates from `.env`, and how each is generated. */
export const COMPOSE_SECRETS = {
  POSTGRES_PASSWORD: () => randomBytes(24).toString('hex'),
  KYROS_JWT_SECRET: () => randomBytes(48).toString('base64url'),
  KYROS_CONSOLE_SESSION_SECRET: () => randomBytes(32).toString('hex'),
  KYROS_ADMIN_EMAIL: () => 'admin@kyros.local',
  KYROS_ADMIN_PASSWORD: () => randomBytes(18).toString('base64url'),
  // Seals webhook secrets; the API and the worker share it (optional: without it webhooks are off).
  KYROS_WEBHOOK_SECRETS_KEY: () => randomBytes(48).toString('base64url'),
} as const;

/**
 * The `.env` text with every missing compose secret appended: existing lines, values included,
 * are kept as they are, so running the generator again never rotates a secret in use.
 */
export function withComposeSecrets(existing: string): { text: string; added: string[] } {
  const present = new Set(
    existing
      .split('\n')
      .map((line) => /^\s*([A-Z][A-Z0-9_]*)=./.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  const added = Object.keys(COMPOSE_SECRETS).filter((name) => !present.has(name));
  if (added.length === 0) return { text: existing, added };
  const lines = added.map(
    (name) => `${name}=${COMPOSE_SECRETS[name as keyof typeof COMPOSE_SECRETS]()}`,
  );
  const prefix = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`;
  const header = `# docker compose secrets, generated ${new Date().toISOString()} (npm run compose:env)`;
  return { text: `${prefix}${header}\n${lines.join('\n')}\n`, added };
}
