import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMPOSE_SECRETS } from './compose-env.ts';
import { KyrosEnvSchema, parseEnv } from '@kyros/contracts/env';
import {
  KYROS_ENTRY_POINTS,
  PRODUCTION_REQUIRED_ENV,
  type KyrosProcess,
} from '@kyros/contracts/production-env';

// docker is not available where Kyros is built, so docker-compose.yml is checked statically: it
// parses, every Kyros service sets what its process needs in production, nothing collides, and
// every image is pinned. docs/DEPLOYMENT.md says what this does and does not prove.
const root = new URL('../../../', import.meta.url);
const composeText = readFileSync(new URL('docker-compose.yml', root), 'utf8');
const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  healthcheck?: { test: unknown };
  restart?: string;
  depends_on?: Record<string, { condition?: string }> | string[];
}

const compose = parse(composeText, { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = Object.entries(compose.services);
const kyrosServices = services.filter(([, service]) => service.image === 'kyros:local');

/**
 * `${NAME:-default}` as Compose resolves it, and `${NAME:?…}` as the value `npm run compose:env`
 * generates for it: only the generator's secrets may be required from .env.
 */
function interpolate(value: string): string {
  return value.replace(
    /\$\{([A-Z_][A-Z0-9_]*)(?::?([-?])([^}]*))?\}/g,
    (_, name: string, kind?: string, rest?: string) => {
      if (kind !== '?') return rest ?? '';
      const generate = COMPOSE_SECRETS[name as keyof typeof COMPOSE_SECRETS];
      if (!generate) throw new Error(`${name} is required but npm run compose:env never sets it`);
      return generate();
    },
  );
}

function processOf(service: Service): KyrosProcess | undefined {
  const command = [service.command ?? []].flat().join(' ');
  const matches = (Object.entries(KYROS_ENTRY_POINTS) as [KyrosProcess, string][]).filter(
    ([, entry]) => command.includes(entry),
  );
  return matches.length === 1 ? matches[0]?.[0] : undefined;
}

function environmentOf(service: Service): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([name, value]) => [
      name,
      interpolate(String(value ?? '')),
    ]),
  );
}

describe('docker-compose.yml', () => {
  it('parses, with the Kyros services built from the Dockerfile', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([
        'postgres',
        'temporal',
        'api',
        'worker',
        'console',
        'terminal-daemon',
      ]),
    );
    for (const [, service] of kyrosServices) expect(service.build).toBe('.');
  });

  it.each(kyrosServices)('runs a known Kyros process in %s', (_, service) => {
    expect(processOf(service)).toBeDefined();
  });

  it('runs every Kyros process a deployment needs', () => {
    const running = new Set(kyrosServices.map(([, service]) => processOf(service)));
    for (const process of Object.keys(PRODUCTION_REQUIRED_ENV)) expect(running).toContain(process);
  });

  it.each(kyrosServices)(
    'sets in %s every variable its process requires in production, each valid',
    (_, service) => {
      const env = environmentOf(service);
      expect(env.NODE_ENV).toBe('production');
      const process = processOf(service) as KyrosProcess;
      for (const name of PRODUCTION_REQUIRED_ENV[process]) {
        expect(env[name], `${name} for ${process}`).toBeTruthy();
      }
      for (const name of Object.keys(env)) {
        expect(Object.keys(KyrosEnvSchema.shape), `${name} is not a Kyros variable`).toContain(
          name,
        );
      }
      expect(() => parseEnv(env)).not.toThrow();
    },
  );

  it('takes every secret from .env, never from a default in the file', () => {
    for (const name of ['POSTGRES_PASSWORD', 'KYROS_JWT_SECRET', 'KYROS_CONSOLE_SESSION_SECRET']) {
      const uses = composeText.match(new RegExp(`\\$\\{${name}[^}]*\\}`, 'g')) ?? [];
      expect(uses.length, `${name} is used`).toBeGreaterThan(0);
      for (const use of uses) expect(use).toBe(`\${${name}:?run npm run compose:env}`);
    }
  });

  it('publishes no host port twice, each on loopback, each to the port its process listens on', () => {
    const published = services.flatMap(([name, service]) =>
      (service.ports ?? []).map((spec) => ({ name, spec: String(spec) })),
    );
    const hostSides = published.map(({ spec }) => spec.split(':').slice(0, -1).join(':'));
    expect(new Set(hostSides).size).toBe(hostSides.length);
    for (const { spec } of published) expect(spec).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    const listens: Partial<Record<KyrosProcess, (env: ReturnType<typeof parseEnv>) => number>> = {
      api: (env) => env.API_PORT,
      console: (env) => env.CONSOLE_PORT,
      'terminal-daemon': (env) => env.TERMINAL_PORT,
    };
    for (const [, service] of kyrosServices) {
      const port = listens[processOf(service) as KyrosProcess];
      for (const spec of service.ports ?? []) {
        expect(Number(String(spec).split(':').at(-1))).toBe(
          port?.(parseEnv(environmentOf(service))),
        );
      }
    }
  });

  it('pins a version of every image, and of the Dockerfile base image', () => {
    for (const [name, service] of services) {
      if (service.image === 'kyros:local') continue;
      expect(service.image, name).toMatch(/^[\w./-]+:\d+\.\d+[\w.-]*$/);
    }
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$/);
  });

  it('waits on conditions only, and only on what can meet them', () => {
    for (const [name, service] of services) {
      const dependsOn = service.depends_on ?? {};
      expect(Array.isArray(dependsOn), `${name} lists depends_on without conditions`).toBe(false);
      for (const [target, { condition }] of Object.entries(dependsOn)) {
        const other = compose.services[target];
        expect(other, `${name} depends on unknown ${target}`).toBeDefined();
        expect(condition, `${name} → ${target}`).toMatch(
          /^service_(healthy|completed_successfully)$/,
        );
        if (condition === 'service_healthy') expect(other?.healthcheck, target).toBeDefined();
        if (condition === 'service_completed_successfully') expect(other?.restart).toBe('no');
      }
    }
  });

  it('gives every long-running service but the worker a healthcheck', () => {
    const longRunning = services.filter(([, service]) => service.restart !== 'no');
    for (const [name, service] of longRunning) {
      if (name === 'worker') continue; // no port to probe; /readyz reports its round trip
      expect(service.healthcheck, name).toBeDefined();
    }
  });
});

// The two-replica profile (docs/DEPLOYMENT.md): an override file, merged the way Compose merges
// mappings (a service's environment is combined key by key, lists of ports are appended).
const replicasText = readFileSync(new URL('docker-compose.replicas.yml', root), 'utf8');
const replicas = parse(replicasText, { merge: true }) as {
  services: Record<string, Service>;
  configs?: Record<string, { file?: string }>;
};
const merged: Record<string, Service> = { ...compose.services };
for (const [name, override] of Object.entries(replicas.services)) {
  const base = merged[name] ?? {};
  merged[name] = {
    ...base,
    ...override,
    environment: { ...base.environment, ...override.environment },
    ports: [...(base.ports ?? []), ...(override.ports ?? [])],
  };
}

describe('docker-compose.replicas.yml', () => {
  it('runs two API replicas on the postgres collaboration store', () => {
    const apis = Object.entries(merged).filter(([, service]) => processOf(service) === 'api');
    expect(apis.map(([name]) => name).sort()).toEqual(['api', 'api-2']);
    for (const [name, service] of apis) {
      const env = environmentOf(service);
      expect(env.KYROS_COLLAB_STORE, name).toBe('postgres');
      for (const variable of PRODUCTION_REQUIRED_ENV.api) expect(env[variable], name).toBeTruthy();
      expect(() => parseEnv(env)).not.toThrow();
    }
  });

  it('points every other Kyros process at the load balancer', () => {
    for (const name of ['worker', 'console', 'terminal-daemon']) {
      expect(environmentOf(merged[name] ?? {}).API_URL, name).toBe('http://api-lb:8000');
    }
  });

  it('publishes no host port twice, each on loopback; pins images; waits on conditions only', () => {
    const published = Object.values(merged).flatMap((service) => (service.ports ?? []).map(String));
    const hostSides = published.map((spec) => spec.split(':').slice(0, -1).join(':'));
    expect(new Set(hostSides).size).toBe(hostSides.length);
    for (const spec of published) expect(spec).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    for (const [name, service] of Object.entries(replicas.services)) {
      if (service.image && service.image !== 'kyros:local') {
        expect(service.image, name).toMatch(/^[\w./-]+:\d+\.\d+[\w.-]*$/);
      }
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(merged[target], `${name} depends on unknown ${target}`).toBeDefined();
        if (condition === 'service_healthy') expect(merged[target]?.healthcheck).toBeDefined();
      }
    }
  });

  it('mounts an nginx config that streams SSE unbuffered with long timeouts', () => {
    const file = replicas.configs?.['nginx-api']?.file;
    expect(file).toBeDefined();
    const conf = readFileSync(new URL(file ?? '', root), 'utf8');
    expect(conf).toMatch(/proxy_buffering off;/);
    expect(conf).toMatch(/proxy_read_timeout 1h;/);
    expect(conf).toMatch(/server api:8000/);
    expect(conf).toMatch(/server api-2:8000/);
  });
});
