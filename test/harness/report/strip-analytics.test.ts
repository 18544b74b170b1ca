import { describe, expect, it } from 'vitest';
import { stripAnalytics } from '../../../harness/report/index.ts';

const tracker = `<script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('config', 'G-X', {});
    </script>`;

describe('stripAnalytics', () => {
  it("removes Allure's gtag loader and its inline config, keeping the rest", () => {
    const html = `<body><div id="app"></div>${tracker}<script>window.report = 1;</script></body>`;
    const out = stripAnalytics(html);
    expect(out).toEqual({
      kind: 'clean',
      removed: 1,
      html: '<body><div id="app"></div><script>window.report = 1;</script></body>',
    });
  });

  it('refuses a tracker it does not recognise', () => {
    expect(stripAnalytics('<img src="https://www.googletagmanager.com/x.gif">').kind).toBe(
      'unknown-tracker',
    );
  });

  it('leaves clean pages alone', () => {
    expect(stripAnalytics('<p>ok</p>')).toEqual({ kind: 'clean', removed: 0, html: '<p>ok</p>' });
  });
});
