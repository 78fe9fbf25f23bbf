// The colours that tell a merged view's sources apart (text colour of each line's tag and of
// the source's checkbox); readable on light and dark backgrounds. The name is shown too.
const COLOURS = [
  '#2f7fd6',
  '#b04fb0',
  '#2a9a5a',
  '#c46a12',
  '#13909a',
  '#d0466f',
  '#7a68e0',
  '#8c7a12',
];

export function sourceColour(n: number): string {
  return COLOURS[n % COLOURS.length];
}
