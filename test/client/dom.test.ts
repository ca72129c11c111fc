import { describe, expect, it } from 'vitest';
import { unsafeAttribute } from '../../client/src/views/dom';

describe('attributes the element builder refuses', () => {
  it('inline handlers and styles (code from a string; the CSP refuses them)', () => {
    expect(unsafeAttribute('onclick', 'alert(1)')).toMatch(/event handlers/);
    expect(unsafeAttribute('OnError', 'x')).toMatch(/event handlers/);
    expect(unsafeAttribute('style', 'background:red')).toMatch(/style/);
    expect(unsafeAttribute('srcdoc', '<script>')).toMatch(/markup/);
  });

  it('script URLs, however they are disguised', () => {
    expect(unsafeAttribute('href', 'javascript:alert(1)')).toMatch(/script URL/);
    expect(unsafeAttribute('href', ' JavaScript:alert(1)')).toMatch(/script URL/);
    expect(unsafeAttribute('href', 'java\tscript:alert(1)')).toMatch(/script URL/);
    expect(unsafeAttribute('src', 'data:text/html,<script>')).toMatch(/script URL/);
  });

  it('lets through ordinary attributes, whatever text they hold', () => {
    expect(unsafeAttribute('title', '<img src=x onerror="window.__xss=1">')).toBeNull();
    expect(unsafeAttribute('aria-label', 'javascript:alert(1)')).toBeNull();
    expect(unsafeAttribute('data-key', '<script>')).toBeNull();
    expect(unsafeAttribute('href', '#team')).toBeNull();
    expect(unsafeAttribute('href', '/api/session/oidc')).toBeNull();
  });
});
