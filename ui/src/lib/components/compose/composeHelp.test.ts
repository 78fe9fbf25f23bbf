// Completion and hover in the compose editor: the place in the YAML found from indentation,
// the keys the schema allows there, enum values, restart policies, service names under
// depends_on, and plain-words help for the common keys.
import { describe, expect, it } from 'vitest';
import {
  completeComposeAt,
  hoverComposeAt,
  keysAt,
  serviceNames,
  valuesAt,
  yamlPlace,
} from './composeHelp';

/** The text with `|` marking the cursor, and the cursor's offset. */
function at(marked: string): [string, number] {
  const pos = marked.indexOf('|');
  return [marked.slice(0, pos) + marked.slice(pos + 1), pos];
}

function labels(marked: string): string[] {
  const [text, pos] = at(marked);
  return completeComposeAt(text, pos)?.options.map((o) => o.label) ?? [];
}

const stack = `services:
  web:
    image: nginx
    depends_on:
      - db
  db:
    image: postgres
  cache:
    image: redis
`;

describe('yamlPlace', () => {
  it('finds the keys above the cursor and what is typed', () => {
    const [text, pos] = at('services:\n  web:\n    ima|');
    expect(yamlPlace(text, pos)).toEqual({
      path: ['services', 'web'],
      kind: 'key',
      key: null,
      typed: 'ima',
      from: pos - 3,
    });
    const [t2, p2] = at('services:\n  web:\n    restart: un|');
    expect(yamlPlace(t2, p2)).toMatchObject({
      path: ['services', 'web'],
      kind: 'value',
      key: 'restart',
      typed: 'un',
    });
    const [t3, p3] = at('services:\n  web:\n    depends_on:\n    - d|');
    expect(yamlPlace(t3, p3)).toMatchObject({
      path: ['services', 'web', 'depends_on'],
      kind: 'item',
    });
  });

  it('skips comments and blank lines above, and offers nothing inside a comment', () => {
    const [text, pos] = at('services:\n  # the front\n\n  web:\n    # note\n    |');
    expect(yamlPlace(text, pos)?.path).toEqual(['services', 'web']);
    const [t2, p2] = at('services:\n  web: # ima|');
    expect(yamlPlace(t2, p2)).toBeNull();
  });
});

describe('completion', () => {
  it('offers the top-level keys, with name and include that the old schema lacks', () => {
    const keys = labels('|');
    expect(keys).toEqual(expect.arrayContaining(['services', 'volumes', 'networks', 'name']));
    expect(keys).toContain('include');
  });

  it('offers service keys under a service, from the schema', () => {
    const keys = labels('services:\n  web:\n    |');
    expect(keys).toEqual(
      expect.arrayContaining(['image', 'build', 'ports', 'depends_on', 'healthcheck', 'restart']),
    );
    expect(keys).not.toContain('services');
    expect(keysAt(['services', 'web'])).toEqual(keys);
  });

  it('offers nothing where a service name is to be made up', () => {
    expect(labels('services:\n  |')).toEqual([]);
  });

  it('offers the keys of nested objects: healthcheck, build', () => {
    expect(labels('services:\n  db:\n    healthcheck:\n      |')).toEqual(
      expect.arrayContaining(['test', 'interval', 'timeout', 'retries', 'start_period']),
    );
    expect(labels('services:\n  app:\n    build:\n      |')).toEqual(
      expect.arrayContaining(['context', 'dockerfile', 'args', 'target']),
    );
  });

  it('offers the depends_on conditions and the restart policies', () => {
    expect(labels('services:\n  web:\n    depends_on:\n      db:\n        condition: |')).toEqual([
      'service_started',
      'service_healthy',
      'service_completed_successfully',
    ]);
    expect(labels('services:\n  web:\n    restart: |')).toEqual([
      '"no"',
      'always',
      'on-failure',
      'unless-stopped',
    ]);
    expect(valuesAt(['services', 'web', 'pull_policy'])).toContain('always');
  });

  it('offers the other services under depends_on, as list items or as keys', () => {
    const [text, pos] = at(stack.replace('      - db\n', '      - |\n'));
    expect(completeComposeAt(text, pos)?.options.map((o) => o.label)).toEqual(['db', 'cache']);
    const [t2, p2] = at(stack.replace('      - db\n', '      |\n'));
    const keyed = completeComposeAt(t2, p2)!;
    expect(keyed.options.map((o) => o.label)).toEqual(['db', 'cache']);
    expect(keyed.options[0]!.apply).toBe('db:\n        condition: ');
    expect(serviceNames(stack)).toEqual(['web', 'db', 'cache']);
  });
});

describe('hover', () => {
  it('explains the common keys where they are, and nothing for a key it does not teach', () => {
    const on = (text: string, word: string, nth = 0) => {
      let pos = -1;
      for (let i = 0; i <= nth; i++) pos = text.indexOf(word, pos + 1);
      return hoverComposeAt(text, pos + 1);
    };
    expect(on(stack, 'depends_on')?.title).toBe('depends_on');
    expect(on(stack, 'depends_on')?.body).toContain('service_healthy');
    expect(on(stack, 'services')?.title).toBe('services');
    const ports = 'services:\n  web:\n    ports:\n      - "8080:80"\n';
    expect(on(ports, 'ports')?.body).toContain('HOST:CONTAINER');
    // `image` under a top-level `volumes` entry is no service key.
    expect(on('volumes:\n  data:\n    driver: local\n', 'driver')).toBeNull();
    expect(on(stack, 'nginx')).toBeNull();
  });
});
