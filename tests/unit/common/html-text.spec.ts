import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineCodeHtml } from '../../../src/common/html-text';

describe('inlineCodeHtml', () => {
  it('marks each pair of backticks on a line as <code>, the rest as text', () => {
    expect(inlineCodeHtml('compare with `consular-sim mmc --lambda 9` and `run`.')).toBe(
      'compare with <code>consular-sim mmc --lambda 9</code> and <code>run</code>.',
    );
  });

  it('leaves a backtick with no partner on its line, and an empty pair, as typed', () => {
    expect(inlineCodeHtml('a ` b')).toBe('a ` b');
    expect(inlineCodeHtml('a `b\nc` d')).toBe('a `b\nc` d');
    expect(inlineCodeHtml('a `` b')).toBe('a `` b');
  });

  it('escapes everything first: the only tags that come out are its own <code> tags', () => {
    const evil = '<script>alert(1)</script> `<img src=x onerror=alert(1)>` </code><b x="1">&';
    const html = inlineCodeHtml(evil);
    expect(html).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; <code>&lt;img src=x onerror=alert(1)&gt;</code> &lt;/code&gt;&lt;b x=&quot;1&quot;&gt;&amp;',
    );
    expect(html.replace(/<\/?code>/g, '')).toBe(escapeHtml(evil.replace(/`/g, '')));
  });

  it('takes any value, as escapeHtml does', () => {
    expect(inlineCodeHtml(undefined)).toBe('');
    expect(inlineCodeHtml(3)).toBe('3');
  });
});
