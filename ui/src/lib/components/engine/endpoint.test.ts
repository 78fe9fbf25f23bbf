import { describe, expect, it } from 'vitest';
import { isUnencrypted } from './endpoint';

describe('isUnencrypted', () => {
  it('warns for plain tcp and http engines', () => {
    expect(isUnencrypted('tcp://10.0.0.5:2375')).toBe(true);
    expect(isUnencrypted('TCP://host:2375')).toBe(true);
    expect(isUnencrypted('http://host:2375')).toBe(true);
  });
  it('does not warn for local sockets and pipes', () => {
    expect(isUnencrypted('unix:///var/run/docker.sock')).toBe(false);
    expect(isUnencrypted('npipe:////./pipe/docker_engine')).toBe(false);
    expect(isUnencrypted(null)).toBe(false);
    expect(isUnencrypted('')).toBe(false);
  });
});
