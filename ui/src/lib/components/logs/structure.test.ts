// Levels from JSON fields and text forms, JSON objects recognised, stack traces continued, and
// the search matcher (plain, regex, a broken regex named).
import { describe, expect, it } from 'vitest';
import { continues, jsonObject, lineLevel, makeMatcher, textLevel } from './structure';

describe('levels', () => {
  it.each([
    ['{"level":"error","msg":"x"}', 'error'],
    ['{"severity":"WARNING","message":"x"}', 'warn'],
    ['{"lvl":"dbug"}', null],
    ['{"lvl":"debug"}', 'debug'],
    ['{"level":30,"msg":"pino"}', 'info'],
    ['{"level":50}', 'error'],
    ['{"msg":"no level"}', null],
  ])('reads JSON %s as %s', (line, level) => {
    expect(lineLevel(line)).toBe(level);
  });

  it.each([
    ['2024-01-01T00:00:00Z ERROR something broke', 'error'],
    ['[warn] disk nearly full', 'warn'],
    ['2024/01/01 12:00:00 [error] 7#7: open() failed', 'error'],
    ['time=2024 level=info msg="started"', 'info'],
    ['ts=1 lvl=DEBUG msg=x', 'debug'],
    ['E0101 12:00:00.000000    1 main.go:10] failed', 'error'],
    ['W1231 23:59:59.999999 warn from klog', 'warn'],
    ['FATAL: database system is shutting down', 'fatal'],
    ['WARNING: no config', 'warn'],
    ['<DEBUG> tick', 'debug'],
    ['INFO  [main] started', 'info'],
  ])('reads text %s as %s', (line, level) => {
    expect(textLevel(line)).toBe(level);
  });

  it('does not read prose as a level', () => {
    expect(textLevel('no error was found in 3 files')).toBeNull();
    expect(textLevel('information about the ERRORS table')).toBeNull();
    expect(textLevel('[1/3] building')).toBeNull();
    expect(textLevel('')).toBeNull();
  });
});

describe('jsonObject', () => {
  it('parses objects only', () => {
    expect(jsonObject(' {"a":1} ')).toEqual({ a: 1 });
    expect(jsonObject('[1,2]')).toBeNull();
    expect(jsonObject('{broken')).toBeNull();
    expect(jsonObject('{not json}')).toBeNull();
    expect(jsonObject('42')).toBeNull();
  });
});

describe('continues', () => {
  it('groups Java and JS stack frames and causes under their first line', () => {
    const head = 'Exception in thread "main" java.lang.IllegalStateException: boom';
    expect(continues('\tat com.example.Main.run(Main.java:10)', head)).toBe(true);
    expect(continues('    at Object.<anonymous> (/app/index.js:1:7)', head)).toBe(true);
    expect(continues('Caused by: java.io.IOException: disk', head)).toBe(true);
    expect(continues('... 12 more', head)).toBe(true);
    expect(continues('at handler (/app/x.js:2:3)', head)).toBe(true);
  });

  it('takes a Python traceback through its closing exception line', () => {
    const head = 'Traceback (most recent call last):';
    expect(continues('  File "/app/main.py", line 3, in <module>', head)).toBe(true);
    expect(continues('ValueError: bad value', head)).toBe(true);
    expect(continues('ValueError: bad value', 'an ordinary line')).toBe(false);
  });

  it('starts a new entry for an ordinary line, and never continues nothing', () => {
    expect(continues('GET /index.html 200', 'GET / 200')).toBe(false);
    expect(continues('  indented', null)).toBe(false);
    expect(continues('', 'x')).toBe(false);
  });
});

describe('makeMatcher', () => {
  it('finds plain text case-insensitively, with special characters taken literally', () => {
    const { matcher } = makeMatcher('a.b', false);
    expect(matcher?.ranges('xA.By a.b aXb')).toEqual([
      [1, 4],
      [6, 9],
    ]);
    expect(matcher?.test('aXb')).toBe(false);
  });

  it('finds a regular expression', () => {
    const { matcher, error } = makeMatcher('line-0*15\\d', true);
    expect(error).toBeNull();
    expect(matcher?.test('line-0150')).toBe(true);
    expect(matcher?.ranges('line-0150 line-0151')).toEqual([
      [0, 9],
      [10, 19],
    ]);
  });

  it('names the field and says what to do with a regex that does not compile', () => {
    const { matcher, error } = makeMatcher('(unclosed', true);
    expect(matcher).toBeNull();
    expect(error).toMatch(/^Search: “\(unclosed” is not a valid regular expression/);
    expect(error).toMatch(/untick “Regex”/);
  });

  it('matches nothing for an empty query, and never loops on an empty match', () => {
    expect(makeMatcher('', true).matcher).toBeNull();
    const { matcher } = makeMatcher('x*', true);
    expect(matcher?.ranges('abxxc')).toEqual([[2, 4]]);
    expect(matcher?.test('bab')).toBe(false);
    expect(matcher?.test('bxb')).toBe(true);
  });
});
