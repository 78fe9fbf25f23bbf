import { describe, expect, it } from 'vitest';
import { applyChanges, parseCompose } from '../yamlEdit';
import { readForm, readMount, readPort, serviceChanges, type ServiceForm } from './serviceForm';

// Reads `text`, lets `edit` change service `name` as the form would, and writes it back.
function roundTrip(text: string, name: string, edit: (s: ServiceForm) => void): string {
  const doc = parseCompose(text).doc;
  if (!doc) throw new Error('parse');
  const before = readForm(doc).services.find((s) => s.name === name);
  if (!before) throw new Error('no service');
  const after = structuredClone(before);
  edit(after);
  return applyChanges(text, serviceChanges(doc, before, after)).text;
}

describe('serviceForm', () => {
  it('reads short and long port and volume syntax', () => {
    expect(readPort('127.0.0.1:8080:80/udp')).toEqual({
      hostIp: '127.0.0.1',
      hostPort: '8080',
      containerPort: '80',
      protocol: 'udp',
    });
    expect(readPort(80)).toEqual({ hostIp: '', hostPort: '', containerPort: '80', protocol: '' });
    expect(readPort({ target: 80, published: '8080' })).toMatchObject({
      hostPort: '8080',
      containerPort: '80',
    });
    expect(readMount('./site:/usr/share/html:ro')).toMatchObject({
      kind: 'bind',
      readOnly: true,
    });
    expect(readMount('data:/var/lib/data')).toMatchObject({ kind: 'volume', source: 'data' });
    expect(readMount('/scratch')).toMatchObject({ kind: 'volume', source: '', target: '/scratch' });
  });

  it('reading and writing back an untouched service changes nothing', () => {
    const text = `services:
  web:
    image: a
    ports: ["80", "1:2/udp"]
    volumes:
      - ./x:/y:ro
    environment: ["A=1", "B=\${B:-2}"]
    depends_on:
      db:
        condition: service_healthy
    deploy:
      resources:
        limits:
          cpus: "0.5"
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O- localhost"]
      interval: 5s
  db:
    image: b
`;
    expect(roundTrip(text, 'web', () => {})).toBe(text);
  });

  it('a waiting condition turns a depends_on list into the map compose needs for it', () => {
    const text =
      'services:\n  web:\n    image: a\n    depends_on:\n      - db # first\n  db:\n    image: b\n';
    const out = roundTrip(text, 'web', (s) => {
      s.dependsOn[0] = { service: 'db', condition: 'service_healthy' };
    });
    expect(out).toBe(
      'services:\n  web:\n    image: a\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: b\n',
    );
  });

  it('writes limits where the file keeps them, as numbers where compose wants numbers', () => {
    const text =
      'services:\n  web:\n    image: a\n    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n';
    const out = roundTrip(text, 'web', (s) => {
      s.cpus = '1.5';
      s.pidsLimit = '100';
      s.restart = 'no';
    });
    expect(out).toBe(
      'services:\n  web:\n    image: a\n    deploy:\n      resources:\n        limits:\n          cpus: 1.5\n    pids_limit: 100\n',
    );
  });

  it('writes a health check as CMD-SHELL with its timings', () => {
    const out = roundTrip('services:\n  web:\n    image: a\n', 'web', (s) => {
      s.healthCmd = 'wget -q -O- localhost';
      s.healthInterval = '5s';
      s.healthRetries = '3';
    });
    const doc = parseCompose(out).doc;
    expect(doc?.toJS()).toEqual({
      services: {
        web: {
          image: 'a',
          healthcheck: { test: ['CMD-SHELL', 'wget -q -O- localhost'], interval: '5s', retries: 3 },
        },
      },
    });
  });

  it('a build folder is written short, and as a map once a Dockerfile is named', () => {
    const short = roundTrip('services:\n  web:\n    image: a\n', 'web', (s) => {
      s.buildContext = './web';
    });
    expect(short).toBe('services:\n  web:\n    image: a\n    build: ./web\n');
    const long = roundTrip(short, 'web', (s) => {
      s.buildDockerfile = 'Dockerfile.dev';
    });
    expect(long).toBe(
      'services:\n  web:\n    image: a\n    build:\n      context: ./web\n      dockerfile: Dockerfile.dev\n',
    );
  });

  it('removes the middle item of a list in place', () => {
    const text =
      'services:\n  web:\n    ports:\n      - "1:1"\n      - "2:2" # two\n      - "3:3"\n';
    const out = roundTrip(text, 'web', (s) => {
      s.ports.splice(1, 1);
    });
    expect(out).toBe('services:\n  web:\n    ports:\n      - "1:1"\n      - "3:3"\n');
  });

  it('renames an environment variable on its own line', () => {
    const text = 'services:\n  web:\n    environment:\n      A: "1" # one\n      B: "2"\n';
    const out = roundTrip(text, 'web', (s) => {
      (s.env[0] as { name: string }).name = 'AA';
    });
    expect(out).toBe('services:\n  web:\n    environment:\n      AA: "1" # one\n      B: "2"\n');
  });
});
