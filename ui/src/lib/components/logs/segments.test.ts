// Rows paint clipped lines, cut at search matches across colour changes, with the style's CSS.
import { describe, expect, it } from 'vitest';
import { paintLine, styleCss } from './segments';
import { parseAnsi } from './ansi';

const E = '\u001b';

describe('paintLine', () => {
  it('paints a plain line as one segment', () => {
    expect(paintLine('hello', [])).toEqual({
      segments: [{ text: 'hello', classes: '', color: null, background: null, mark: false }],
      hidden: 0,
    });
  });

  it('marks a match that spans a colour change', () => {
    const { segments } = paintLine(`ab${E}[31mcd${E}[0mef`, [[1, 5]]);
    expect(segments.map((s) => [s.text, s.classes, s.mark])).toEqual([
      ['a', '', false],
      ['b', '', true],
      ['cd', 'f-1', true],
      ['e', '', true],
      ['f', '', false],
    ]);
  });

  it('clips a long line and says how much is hidden', () => {
    const long = 'x'.repeat(10_000);
    const { segments, hidden } = paintLine(long, [[3990, 4010]], 4000);
    expect(segments.map((s) => s.text.length)).toEqual([3990, 10]);
    expect(segments[1].mark).toBe(true);
    expect(hidden).toBe(6000);
    expect(paintLine(long, [], null).hidden).toBe(0);
  });
});

describe('styleCss', () => {
  it('gives classes for named colours and rgb for exact ones', () => {
    const [a] = parseAnsi(`${E}[1;4;91;48;2;1;2;3mx`);
    expect(styleCss(a.style)).toEqual({
      classes: 'f-9 bold underline',
      color: null,
      background: 'rgb(1, 2, 3)',
    });
  });

  it('swaps colours for inverse, using the view colours for a default one', () => {
    const [a] = parseAnsi(`${E}[7;32mx`);
    expect(styleCss(a.style).classes).toBe('f-inv b-2');
    expect(styleCss(null)).toEqual({ classes: '', color: null, background: null });
  });
});
