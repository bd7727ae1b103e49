/**
 * A scenario's own words as HTML: the report (src/report/) and the Lab (lab/) both show a
 * scenario's description, which may mark a command or a key as code, Markdown's way
 * (`consular-sim mmc --lambda 9`). Framework-free and browser-safe.
 */

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * `text` as HTML element content, each span between a pair of backticks on one line as
 * <code>: everything is escaped first, so the only markup that comes out is the <code> tags
 * added here (a description cannot inject HTML, inside a code span or out of it). A backtick
 * with no partner on its line, or an empty pair, stays as typed.
 */
export function inlineCodeHtml(text: unknown): string {
  return escapeHtml(text).replace(/`([^`\n]+)`/g, '<code>$1</code>');
}
