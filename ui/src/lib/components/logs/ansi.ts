// The colours a container prints, read from its text: an SGR-only reader of ANSI escapes that
// turns a line into spans of plain text with a style. Only "select graphic rendition"
// (`ESC [ … m`) changes anything; every other escape (cursor moves, screen clears, titles,
// OSC links) and every other control character is kept as visible text (`ESC` shown as `␛`),
// so a container can't move, hide or rewrite what the view shows. The output is data for text
// nodes, never markup. Hand-written: the libraries that do this (ansi_up, anser) produce HTML
// strings, which is what the view must never render.

/** One of the 16 named colours (0–7 normal, 8–15 bright), or an exact colour. */
export type Color = { kind: 'named'; n: number } | { kind: 'rgb'; r: number; g: number; b: number };

export interface Style {
  fg: Color | null;
  bg: Color | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

/** A run of text in one style; `style` is null for plain text. */
export interface Span {
  text: string;
  style: Style | null;
}

const ESC = '\u001b';
/** What an inert ESC shows as (the control picture, so it reads as "escape", not as nothing). */
export const ESC_SHOWN = '\u241b';
/** Longest CSI sequence looked at (longer than any line the backend sends, 64 KiB): one longer
 *  is shown as text. Each ESC is scanned once and a scan stops at the next non-CSI byte, so a
 *  line is read in linear time whatever it holds. */
const MAX_CSI = 1 << 17;

function plainStyle(): Style {
  return {
    fg: null,
    bg: null,
    bold: false,
    dim: false,
    italic: false,
    underline: false,
    inverse: false,
  };
}

function isPlain(s: Style): boolean {
  return !s.fg && !s.bg && !s.bold && !s.dim && !s.italic && !s.underline && !s.inverse;
}

/** C0 controls other than tab (and DEL) shown as their control pictures, so they stay visible. */
function shownControl(code: number): string {
  if (code === 0x7f) return '\u2421';
  return String.fromCharCode(0x2400 + code);
}

/** The 256-colour palette entry `n` (0–255): the 16 named, a 6×6×6 cube, then 24 greys. */
export function color256(n: number): Color {
  if (n < 16) return { kind: 'named', n };
  if (n < 232) {
    const levels = [0, 95, 135, 175, 215, 255];
    const i = n - 16;
    return {
      kind: 'rgb',
      r: levels[Math.floor(i / 36)],
      g: levels[Math.floor(i / 6) % 6],
      b: levels[i % 6],
    };
  }
  const v = 8 + 10 * (n - 232);
  return { kind: 'rgb', r: v, g: v, b: v };
}

function byte(v: number | undefined): v is number {
  return v !== undefined && Number.isInteger(v) && v >= 0 && v <= 255;
}

/** Reads an extended colour (after 38 or 48) from `params` at `i` (the index of the 5 or 2);
 *  returns the colour (or null when malformed) and how many params it used. */
function extended(params: number[], i: number): { color: Color | null; used: number } {
  const mode = params[i];
  if (mode === 5) {
    const n = params[i + 1];
    return { color: byte(n) ? color256(n) : null, used: 2 };
  }
  if (mode === 2) {
    const [r, g, b] = [params[i + 1], params[i + 2], params[i + 3]];
    return { color: byte(r) && byte(g) && byte(b) ? { kind: 'rgb', r, g, b } : null, used: 4 };
  }
  return { color: null, used: 1 };
}

/** Applies one SGR parameter list to `s` (in place). Unknown codes and malformed colours are
 *  ignored, as terminals do; a huge number is just an unknown code. */
export function applySgr(s: Style, params: number[]): void {
  if (params.length === 0) params = [0];
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) Object.assign(s, plainStyle());
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 22) s.bold = s.dim = false;
    else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 27) s.inverse = false;
    else if (p >= 30 && p <= 37) s.fg = { kind: 'named', n: p - 30 };
    else if (p >= 90 && p <= 97) s.fg = { kind: 'named', n: p - 90 + 8 };
    else if (p === 39) s.fg = null;
    else if (p >= 40 && p <= 47) s.bg = { kind: 'named', n: p - 40 };
    else if (p >= 100 && p <= 107) s.bg = { kind: 'named', n: p - 100 + 8 };
    else if (p === 49) s.bg = null;
    else if (p === 38 || p === 48) {
      const { color, used } = extended(params, i + 1);
      if (color) {
        if (p === 38) s.fg = color;
        else s.bg = color;
      }
      i += used;
    }
  }
}

/** The parameters of an SGR body (`1;31`, `38;2;1;2;3`, `38:5:196`); empty ones are 0. Colons
 *  (ITU sub-parameters) read like semicolons, with the colour-space id of `38:2::r:g:b`
 *  skipped. Null when the body holds anything else (then it is not an SGR). */
function sgrParams(body: string): number[] | null {
  if (!/^[0-9;:]*$/.test(body)) return null;
  if (body === '') return [];
  const out: number[] = [];
  for (const group of body.split(';')) {
    const sub = group.split(':');
    if (sub.length > 1 && sub[1] === '2' && sub.length === 6) sub.splice(2, 1);
    for (const v of sub) out.push(v === '' ? 0 : Number(v));
  }
  return out;
}

function sameStyle(a: Style | null, b: Style | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    JSON.stringify(a.fg) === JSON.stringify(b.fg) &&
    JSON.stringify(a.bg) === JSON.stringify(b.bg) &&
    a.bold === b.bold &&
    a.dim === b.dim &&
    a.italic === b.italic &&
    a.underline === b.underline &&
    a.inverse === b.inverse
  );
}

/** Splits a line into styled spans. Adjacent runs of one style are one span; a line with no
 *  escapes is one plain span. The spans' texts joined are `shownText(line)`. */
export function parseAnsi(line: string): Span[] {
  const spans: Span[] = [];
  const style = plainStyle();
  let text = '';
  const flush = () => {
    if (!text) return;
    const st = isPlain(style) ? null : { ...style };
    const last = spans[spans.length - 1];
    if (last && sameStyle(last.style, st)) last.text += text;
    else spans.push({ text, style: st });
    text = '';
  };
  let i = 0;
  const n = line.length;
  while (i < n) {
    const code = line.charCodeAt(i);
    if (code === 0x1b) {
      if (line[i + 1] === '[') {
        // CSI: parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, one final 0x40–0x7E.
        let j = i + 2;
        const limit = Math.min(n, i + MAX_CSI);
        while (j < limit && line.charCodeAt(j) >= 0x30 && line.charCodeAt(j) <= 0x3f) j++;
        const paramEnd = j;
        while (j < limit && line.charCodeAt(j) >= 0x20 && line.charCodeAt(j) <= 0x2f) j++;
        const fin = j < limit ? line.charCodeAt(j) : -1;
        if (fin >= 0x40 && fin <= 0x7e) {
          const params =
            fin === 0x6d && paramEnd === j ? sgrParams(line.slice(i + 2, paramEnd)) : null;
          if (params) {
            flush();
            applySgr(style, params);
          } else {
            // Another CSI (cursor, erase…): inert, shown as its text.
            text += ESC_SHOWN + line.slice(i + 1, j + 1);
          }
          i = j + 1;
          continue;
        }
        // Unterminated or too long: the ESC is shown and the rest reads as text.
      }
      text += ESC_SHOWN;
      i++;
      continue;
    }
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) {
      text += shownControl(code);
      i++;
      continue;
    }
    // Copy the run up to the next control character in one slice.
    let j = i + 1;
    while (j < n) {
      const c = line.charCodeAt(j);
      if (c < 0x20 || c === 0x7f) break;
      j++;
    }
    text += line.slice(i, j);
    i = j;
  }
  flush();
  return spans;
}

/** The text a line shows as (escapes removed or made visible): what search and copy read. */
export function shownText(line: string): string {
  // Fast path: most lines have no control characters at all.
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u0008\u000a-\u001f\u007f]/.test(line)) return line;
  return parseAnsi(line)
    .map((s) => s.text)
    .join('');
}

/** Whether a line holds an escape at all (worth parsing for colour). */
export function hasEscape(line: string): boolean {
  return line.includes(ESC);
}
