// The window's CSP refuses `<style>` elements the app did not ship (e2e_layout checks it), and
// xterm.js's DOM renderer keeps its theme colours, cursor, selection and cell layout in such
// elements, which would then never apply. Their rules are carried into a constructed style
// sheet instead (made by the app's own script, which the CSP already trusts; no text from a
// container ever reaches it) and kept in step whenever xterm.js rewrites them.
export function mirrorXtermStyles(root: HTMLElement): () => void {
  if (typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) {
    return () => undefined;
  }
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const copy = () => {
    const rules = [...root.querySelectorAll('style')].map((s) => s.textContent ?? '');
    sheet.replaceSync(rules.join('\n'));
  };
  const watch = new MutationObserver(copy);
  watch.observe(root, { subtree: true, childList: true, characterData: true });
  copy();
  return () => {
    watch.disconnect();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
