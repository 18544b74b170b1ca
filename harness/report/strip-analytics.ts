/**
 * Removes the Google Analytics tag that Allure 3.18's awesome template always adds
 * (its `analyticsEnable` is hard-coded; ALLURE_NO_ANALYTICS only reaches the allure2
 * plugin). An offline report must not call home. Pure.
 */

const TAG = '<script async src="https://www.googletagmanager.com/';

export type StripOutcome =
  | { readonly kind: 'clean'; readonly html: string; readonly removed: number }
  /** A tracker is still referenced in a shape this function does not know. */
  | { readonly kind: 'unknown-tracker'; readonly html: string };

/** Removes the gtag loader and the inline `gtag(...)` script that follows it. */
export function stripAnalytics(html: string): StripOutcome {
  let out = html;
  let removed = 0;
  for (let at = out.indexOf(TAG); at >= 0; at = out.indexOf(TAG)) {
    const loaderEnd = out.indexOf('</script>', at) + '</script>'.length;
    let end = loaderEnd;
    const next = out.indexOf('<script>', loaderEnd);
    const gap = out.slice(loaderEnd, next);
    // The inline config script directly follows the loader (only whitespace between).
    if (
      next >= 0 &&
      gap.trim() === '' &&
      out.slice(next, out.indexOf('</script>', next)).includes('gtag(')
    ) {
      end = out.indexOf('</script>', next) + '</script>'.length;
    }
    out = out.slice(0, at) + out.slice(end);
    removed += 1;
  }
  return out.includes('googletagmanager') || out.includes("gtag('config'")
    ? { kind: 'unknown-tracker', html: out }
    : { kind: 'clean', html: out, removed };
}
