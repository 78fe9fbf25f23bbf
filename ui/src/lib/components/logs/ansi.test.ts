// The SGR-only reader: colours and attributes become span styles; every other escape and
// control character stays visible as text; hostile input neither throws nor hangs.
import { describe, expect, it } from 'vitest';
import { color256, parseAnsi, shownText, ESC_SHOWN } from './ansi';

const E = '\u001b';

describe('parseAnsi', () => {
  it('gives one plain span for a line without escapes', () => {
    expect(parseAnsi('hello world')).toEqual([{ text: 'hello world', style: null }]);
  });

  it('reads the 16 named colours, foreground and background', () => {
    const spans = parseAnsi(`a${E}[31mred${E}[0mb${E}[94;42mx${E}[m`);
    expect(spans.map((s) => s.text)).toEqual(['a', 'red', 'b', 'x']);
    expect(spans[0].style).toBeNull();
    expect(spans[1].style?.fg).toEqual({ kind: 'named', n: 1 });
    expect(spans[2].style).toBeNull();
    expect(spans[3].style?.fg).toEqual({ kind: 'named', n: 12 });
    expect(spans[3].style?.bg).toEqual({ kind: 'named', n: 2 });
  });

  it('reads 256 colours and truecolor, with ; and : separators', () => {
    const [a, b, c, d] = parseAnsi(
      `${E}[38;5;196ma${E}[48;2;1;2;3mb${E}[0;38:2::10:20:30mc${E}[38:5:244md`,
    );
    expect(a.style?.fg).toEqual({ kind: 'rgb', r: 255, g: 0, b: 0 });
    expect(b.style?.bg).toEqual({ kind: 'rgb', r: 1, g: 2, b: 3 });
    expect(c.style?.fg).toEqual({ kind: 'rgb', r: 10, g: 20, b: 30 });
    expect(d.style?.fg).toEqual(color256(244));
    expect(color256(3)).toEqual({ kind: 'named', n: 3 });
    expect(color256(232)).toEqual({ kind: 'rgb', r: 8, g: 8, b: 8 });
  });

  it('reads bold, dim, italic, underline and inverse, and their resets', () => {
    const spans = parseAnsi(`${E}[1;2;3;4;7mall${E}[22;23mhalf${E}[24;27mnone`);
    expect(spans[0].style).toMatchObject({
      bold: true,
      dim: true,
      italic: true,
      underline: true,
      inverse: true,
    });
    expect(spans[1].style).toMatchObject({ bold: false, dim: false, italic: false });
    expect(spans[1].style).toMatchObject({ underline: true, inverse: true });
    expect(spans[2].style).toBeNull();
  });

  it('handles nested and repeated resets without losing text', () => {
    const spans = parseAnsi(`${E}[31m${E}[1m${E}[0m${E}[0m${E}[mplain${E}[32m${E}[39mstill`);
    expect(spans).toEqual([{ text: 'plainstill', style: null }]);
  });

  it('shows non-SGR CSI sequences as inert text', () => {
    expect(shownText(`${E}[2Jcleared${E}[1;1H`)).toBe(`${ESC_SHOWN}[2Jcleared${ESC_SHOWN}[1;1H`);
    // A private-mode sequence and an SGR with an intermediate byte are not colours either.
    expect(shownText(`${E}[?25l${E}[1 m`)).toBe(`${ESC_SHOWN}[?25l${ESC_SHOWN}[1 m`);
  });

  it('shows OSC (titles, links) and other escapes as text', () => {
    const line = `${E}]0;title\u0007x${E}]8;;http://a${E}\\link${E}(B`;
    const shown = shownText(line);
    expect(shown).toBe(
      `${ESC_SHOWN}]0;title\u2407x${ESC_SHOWN}]8;;http://a${ESC_SHOWN}\\link${ESC_SHOWN}(B`,
    );
    expect(parseAnsi(line).every((s) => s.style === null)).toBe(true);
  });

  it('shows an unterminated sequence as text', () => {
    expect(shownText(`a${E}[31`)).toBe(`a${ESC_SHOWN}[31`);
    expect(shownText(`a${E}`)).toBe(`a${ESC_SHOWN}`);
    expect(shownText(`${E}[`)).toBe(`${ESC_SHOWN}[`);
  });

  it('ignores huge numbers and malformed colours', () => {
    const spans = parseAnsi(
      `${E}[99999999999999999999999mA${E}[38;5;999mB${E}[38;2;300;0;0mC${E}[38;9mD`,
    );
    expect(spans).toEqual([{ text: 'ABCD', style: null }]);
  });

  it('survives 10,000 parameters and a very long unterminated sequence', () => {
    const many = `${E}[${Array(10_000).fill('1').join(';')};31mX`;
    const [x] = parseAnsi(many);
    expect(x.text).toBe('X');
    expect(x.style).toMatchObject({ bold: true, fg: { kind: 'named', n: 1 } });
    const long = `${E}[${'1;'.repeat(50_000)}`;
    expect(shownText(long)).toBe(ESC_SHOWN + long.slice(1));
  });

  it('shows other control characters as control pictures and keeps tabs', () => {
    expect(shownText('a\u0000b\u0008c\td\u007f')).toBe('a\u2400b\u2408c\td\u2421');
  });

  it('never produces markup: angle brackets stay text', () => {
    const spans = parseAnsi(`${E}[31m<img src=x onerror=alert(1)>`);
    expect(spans).toHaveLength(1);
    expect(spans[0].text).toBe('<img src=x onerror=alert(1)>');
  });

  it('joins to the same text shownText gives', () => {
    const line = `${E}[1mx${E}[Ky${E}[0m\u0001z`;
    expect(
      parseAnsi(line)
        .map((s) => s.text)
        .join(''),
    ).toBe(shownText(line));
  });
});
