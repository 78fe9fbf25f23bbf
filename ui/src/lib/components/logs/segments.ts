// From a line's styled spans to what a row renders: the line clipped to a length a row can
// paint at once, cut again where search matches start and end (so a match is marked across
// colour changes), and each piece's style as CSS classes and colours. Pure, so it is tested
// apart from the DOM.
import { hasEscape, parseAnsi, shownText, type Color, type Span, type Style } from './ansi';

/** Characters of one line painted before "show whole line": a 64 KiB line laid out in one go
 *  would hold up every frame it is on screen. */
export const CLIP = 4000;

export interface Segment {
  text: string;
  /** CSS classes: `f-N`/`b-N` for named colours, `bold`, `dim`, `italic`, `underline`. */
  classes: string;
  /** An exact colour (256/truecolor), as `rgb(…)`; null when a class gives it. */
  color: string | null;
  background: string | null;
  /** Inside a search match. */
  mark: boolean;
}

export interface PaintedLine {
  segments: Segment[];
  /** Characters not painted because of the clip (0 when whole). */
  hidden: number;
}

function rgb(c: Color): string {
  return c.kind === 'rgb' ? `rgb(${c.r}, ${c.g}, ${c.b})` : '';
}

/** The CSS of a style. Inverse swaps foreground and background; a default one swaps to the
 *  view's own colours (`f-inv`, `b-inv`). */
export function styleCss(s: Style | null): Pick<Segment, 'classes' | 'color' | 'background'> {
  if (!s) return { classes: '', color: null, background: null };
  const classes: string[] = [];
  let color: string | null = null;
  let background: string | null = null;
  const fg = s.inverse ? s.bg : s.fg;
  const bg = s.inverse ? s.fg : s.bg;
  if (fg?.kind === 'named') classes.push(`f-${fg.n}`);
  else if (fg) color = rgb(fg);
  else if (s.inverse) classes.push('f-inv');
  if (bg?.kind === 'named') classes.push(`b-${bg.n}`);
  else if (bg) background = rgb(bg);
  else if (s.inverse) classes.push('b-inv');
  if (s.bold) classes.push('bold');
  if (s.dim) classes.push('dim');
  if (s.italic) classes.push('italic');
  if (s.underline) classes.push('underline');
  return { classes: classes.join(' '), color, background };
}

/** The spans of a line (one plain span when it has no escape: the common case, no parsing). */
export function spansOf(text: string): Span[] {
  if (!hasEscape(text)) return [{ text: shownText(text), style: null }];
  return parseAnsi(text);
}

/** A line as a row paints it: clipped to `clip` characters, cut at the match ranges (given in
 *  the line's shown text). */
export function paintLine(
  text: string,
  ranges: [number, number][],
  clip: number | null = CLIP,
): PaintedLine {
  const spans = spansOf(text);
  const total = spans.reduce((n, s) => n + s.text.length, 0);
  const limit = clip === null ? total : Math.min(total, clip);
  const segments: Segment[] = [];
  let at = 0;
  let r = 0;
  for (const span of spans) {
    if (at >= limit) break;
    const css = styleCss(span.style);
    const end = Math.min(at + span.text.length, limit);
    let pos = at;
    while (pos < end) {
      while (r < ranges.length && ranges[r][1] <= pos) r++;
      const range = ranges[r];
      let next: number;
      let mark: boolean;
      if (range && range[0] <= pos) {
        next = Math.min(end, range[1]);
        mark = true;
      } else {
        next = range ? Math.min(end, range[0]) : end;
        mark = false;
      }
      segments.push({ text: span.text.slice(pos - at, next - at), ...css, mark });
      pos = next;
    }
    at += span.text.length;
  }
  return { segments, hidden: total - limit };
}
