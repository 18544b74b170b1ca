/** Escaping for HTML and XML text and attribute values. */

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `text` for use in HTML text or a quoted attribute value. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/**
 * Escapes `text` for XML 1.0 text or attribute values, dropping the control
 * characters XML 1.0 cannot carry at all (a JUnit parser would reject the file).
 */
export function escapeXml(text: string | number): string {
  let kept = '';
  for (const c of String(text)) {
    const code = c.codePointAt(0) ?? 0;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code !== 0xfffe && code !== 0xffff);
    if (allowed) kept += c;
  }
  return escapeHtml(kept);
}
