import { describe, expect, it } from 'vitest';
import {
  applyChange,
  applyChanges,
  parseCompose,
  smallestEdit,
  YamlEditError,
  type YamlChange,
} from './yamlEdit';
import { applyTextEdits } from '$lib/stores/textDocument.svelte';

// Every line of `before` outside the lines the edit touches is in `after`, byte for byte, in order.
function expectUntouchedKept(before: string, after: string): void {
  const edit = smallestEdit(before, after);
  if (!edit) return;
  const firstTouched = before.slice(0, edit.start).split('\n').length - 1;
  const lastTouched = before.slice(0, edit.end).split('\n').length - 1;
  const b = before.split('\n');
  const a = after.split('\n');
  expect(a.slice(0, firstTouched)).toEqual(b.slice(0, firstTouched));
  const tail = b.length - 1 - lastTouched;
  expect(a.slice(a.length - tail)).toEqual(b.slice(b.length - tail));
}

function change(before: string, c: YamlChange | YamlChange[]) {
  const out = Array.isArray(c) ? applyChanges(before, c) : applyChange(before, c);
  expectUntouchedKept(before, out.text);
  // The one edit reproduces the whole new text.
  expect(applyTextEdits(before, out.edit ? [out.edit] : [])).toBe(out.text);
  // What was written parses.
  expect(parseCompose(out.text).error).toBeNull();
  return out;
}

const COMMENTED = `# My app: a web server and its database.
name: shop

services:
  # The front end.
  web:   # served on 8080
    image: "nginx:1.27"   # pinned
    ports:
      - "8080:80"   # http
    environment:
      GREETING: hello   # shown on the page
      DB_HOST: db

  # Keeps the orders.
  db:
    image: 'postgres:16'
`;

describe('yamlEdit on a commented file', () => {
  it('adds a port after the last one, keeping the comment beside it', () => {
    const out = change(COMMENTED, {
      op: 'append',
      path: ['services', 'web', 'ports'],
      value: '8443:443',
    });
    expect(out.text).toBe(
      COMMENTED.replace(
        '      - "8080:80"   # http\n',
        '      - "8080:80"   # http\n      - "8443:443"\n',
      ),
    );
    // One insertion of the new line's length, nothing replaced.
    expect(out.edit?.end).toBe(out.edit?.start);
    expect(out.edit?.insert.length).toBe('      - "8443:443"\n'.length);
  });

  it('adds an environment variable at the end of the map', () => {
    const out = change(COMMENTED, {
      op: 'set',
      path: ['services', 'web', 'environment', 'MODE'],
      value: 'production',
    });
    expect(out.text).toBe(
      COMMENTED.replace('      DB_HOST: db\n', '      DB_HOST: db\n      MODE: production\n'),
    );
  });

  it('changes a value and keeps its quotes and the comment beside it', () => {
    const out = change(COMMENTED, {
      op: 'set',
      path: ['services', 'web', 'image'],
      value: 'nginx:1.28',
    });
    expect(out.text).toBe(COMMENTED.replace('"nginx:1.27"   # pinned', '"nginx:1.28"   # pinned'));
    const single = change(COMMENTED, { op: 'set', path: ['services', 'db', 'image'], value: 'pg' });
    expect(single.text).toBe(COMMENTED.replace("'postgres:16'", "'pg'"));
  });

  it('adds a service after the last, with the blank line the file uses between services', () => {
    const out = change(COMMENTED, {
      op: 'addService',
      name: 'cache',
      value: { image: 'redis:7', ports: ['6379:6379'] },
    });
    expect(out.text).toBe(
      COMMENTED + '\n  cache:\n    image: redis:7\n    ports:\n      - "6379:6379"\n',
    );
  });

  it('refuses a service name that is taken', () => {
    expect(() => applyChange(COMMENTED, { op: 'addService', name: 'db', value: {} })).toThrow(
      /already exists/,
    );
  });

  it('removes a key with the comment lines above it and keeps the rest', () => {
    const out = change(COMMENTED, { op: 'remove', path: ['services', 'db'] });
    expect(out.text).toBe(
      COMMENTED.replace("  # Keeps the orders.\n  db:\n    image: 'postgres:16'\n", ''),
    );
  });

  it('removing the last item of a list removes the list key, never leaving `ports:` empty', () => {
    const out = change(COMMENTED, { op: 'remove', path: ['services', 'web', 'ports', 0] });
    expect(out.text).toBe(COMMENTED.replace('    ports:\n      - "8080:80"   # http\n', ''));
  });

  it('creates the maps on the way to a new key', () => {
    const out = change(COMMENTED, {
      op: 'set',
      path: ['services', 'db', 'deploy', 'resources', 'limits', 'cpus'],
      value: '0.5',
    });
    expect(out.text).toBe(
      COMMENTED + '    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n',
    );
  });

  it('renames a service and every depends_on naming it', () => {
    const text = `services:
  web:
    image: a
    depends_on:
      - db   # first
  worker:
    image: b
    depends_on:
      db:
        condition: service_healthy
  db:
    image: c
`;
    const out = change(text, { op: 'renameService', from: 'db', to: 'database' });
    expect(out.text).toBe(
      text
        .replace('      - db   # first', '      - database   # first')
        .replace('      db:\n        condition', '      database:\n        condition')
        .replace('  db:\n    image: c', '  database:\n    image: c'),
    );
  });

  it('refuses a service name compose would not take', () => {
    expect(() => applyChange(COMMENTED, { op: 'renameService', from: 'db', to: 'my db' })).toThrow(
      YamlEditError,
    );
  });
});

describe('yamlEdit on tricky files', () => {
  it('adds to and removes from a flow sequence in place', () => {
    const text = 'services:\n  web:\n    ports: ["80:80", "443:443"] # both\n';
    const added = change(text, {
      op: 'append',
      path: ['services', 'web', 'ports'],
      value: '81:81',
    });
    expect(added.text).toBe('services:\n  web:\n    ports: ["80:80", "443:443", "81:81"] # both\n');
    const removed = change(text, { op: 'remove', path: ['services', 'web', 'ports', 0] });
    expect(removed.text).toBe('services:\n  web:\n    ports: ["443:443"] # both\n');
    const last = change(text, { op: 'remove', path: ['services', 'web', 'ports', 1] });
    expect(last.text).toBe('services:\n  web:\n    ports: ["80:80"] # both\n');
  });

  it('follows the file: four-space indents and unindented list dashes', () => {
    const text = 'services:\n    web:\n        image: a\n        ports:\n        - "1:1"\n';
    const out = change(text, {
      op: 'set',
      path: ['services', 'web', 'volumes'],
      value: ['data:/data'],
    });
    expect(out.text).toBe(text + '        volumes:\n        - data:/data\n');
    const svc = change(text, { op: 'addService', name: 'db', value: { image: 'b' } });
    expect(svc.text).toBe(text + '    db:\n        image: b\n');
  });

  it('writes an override on the service for a value that came from a merge key', () => {
    const text = `x-base: &base
  restart: always
  environment:
    A: "1"
services:
  web:
    <<: *base
    image: a
  api:
    <<: *base
    image: b
`;
    const out = change(text, { op: 'set', path: ['services', 'web', 'restart'], value: 'no' });
    expect(out.text).toBe(text.replace('    image: a\n', '    image: a\n    restart: "no"\n'));
    expect(out.notes.join(' ')).toMatch(/anchor &base/);
    // A variable added to a map from the anchor: the map is copied onto the service first.
    const env = change(text, {
      op: 'set',
      path: ['services', 'web', 'environment', 'B'],
      value: '2',
    });
    expect(env.text).toBe(
      text.replace(
        '    image: a\n',
        '    image: a\n    environment:\n      A: "1"\n      B: "2"\n',
      ),
    );
    expect(env.notes.join(' ')).toMatch(/anchor &base/);
    // The anchor, which api still uses, is unchanged.
    expect(
      env.text.startsWith('x-base: &base\n  restart: always\n  environment:\n    A: "1"\n'),
    ).toBe(true);
  });

  it('copies an aliased value onto the service before changing it', () => {
    const text = `x-env: &env
  A: "1"
services:
  web:
    environment: *env
  api:
    environment: *env
`;
    const out = change(text, {
      op: 'set',
      path: ['services', 'web', 'environment', 'B'],
      value: 'x',
    });
    expect(out.text).toBe(
      text.replace(
        '    environment: *env\n  api',
        '    environment:\n      A: "1"\n      B: x\n  api',
      ),
    );
    expect(out.notes).toHaveLength(1);
  });

  it('refuses to remove a key that only comes from an anchor', () => {
    const text = 'x: &b\n  restart: always\nservices:\n  web:\n    <<: *b\n';
    expect(() => applyChange(text, { op: 'remove', path: ['services', 'web', 'restart'] })).toThrow(
      /anchor &b/,
    );
  });

  it('keeps quoted strings and escapes it does not touch', () => {
    const text =
      'services:\n  web:\n    command: ["sh", "-c", "echo \\"hi\\" \\u00e9"]\n    image: \'a\'\n';
    const out = change(text, { op: 'set', path: ['services', 'web', 'image'], value: "it's" });
    expect(out.text).toBe(text.replace("image: 'a'", "image: 'it''s'"));
  });

  it('keeps CRLF line breaks and writes new lines with them', () => {
    const text = 'services:\r\n  web:\r\n    image: a # x\r\n';
    const out = change(text, {
      op: 'append',
      path: ['services', 'web', 'ports'],
      value: '80:80',
    });
    expect(out.text).toBe(
      'services:\r\n  web:\r\n    image: a # x\r\n    ports:\r\n      - "80:80"\r\n',
    );
  });

  it('refuses a file with several documents', () => {
    const text = 'services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n';
    expect(parseCompose(text).error).toMatch(/2 YAML documents/);
    expect(() =>
      applyChange(text, { op: 'set', path: ['services', 'a', 'image'], value: 'z' }),
    ).toThrow(/2 YAML documents/);
  });

  it('refuses to edit text with a syntax error, naming the line', () => {
    const text = 'services:\n  web:\n    image: [a\n';
    expect(() =>
      applyChange(text, { op: 'set', path: ['services', 'web', 'image'], value: 'b' }),
    ).toThrow(/line \d/);
  });

  it('fills a key that has no value yet', () => {
    const text = 'services:\n  web:\n    environment:\n    image: a\n';
    const out = change(text, {
      op: 'set',
      path: ['services', 'web', 'environment', 'A'],
      value: 'b',
    });
    expect(out.text).toBe('services:\n  web:\n    environment:\n      A: b\n    image: a\n');
  });

  it('turns a build path into a build map, keeping its comment beside the key', () => {
    const text = 'services:\n  web:\n    build: ./web # the app\n    image: a\n';
    const out = change(text, {
      op: 'set',
      path: ['services', 'web', 'build'],
      value: { context: './web', dockerfile: 'Dockerfile.dev' },
    });
    expect(out.text).toBe(
      'services:\n  web:\n    build: # the app\n      context: ./web\n      dockerfile: Dockerfile.dev\n    image: a\n',
    );
  });

  it('adds to a file with no newline at the end', () => {
    const text = 'services:\n  web:\n    image: a';
    const out = change(text, { op: 'set', path: ['services', 'web', 'restart'], value: 'always' });
    expect(out.text).toBe('services:\n  web:\n    image: a\n    restart: always\n');
  });

  it('starts an empty file', () => {
    const out = change('', { op: 'addService', name: 'web', value: { image: 'a' } });
    expect(out.text).toBe('services:\n  web:\n    image: a\n');
  });
});

describe('smallestEdit', () => {
  it('keeps the common start and end', () => {
    expect(smallestEdit('abcXdef', 'abcYYdef')).toEqual({ start: 3, end: 4, insert: 'YY' });
    expect(smallestEdit('same', 'same')).toBeNull();
    expect(smallestEdit('aa', 'aaa')).toEqual({ start: 2, end: 2, insert: 'a' });
  });

  it('never splits a surrogate pair', () => {
    const edit = smallestEdit('x\u{1F600}', 'x\u{1F601}');
    expect(edit).toEqual({ start: 1, end: 3, insert: '\u{1F601}' });
  });
});
