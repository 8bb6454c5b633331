/**
 * Content-Security-Policy of the production build (SPEC §10), defined once.
 *
 * vite.config.ts injects it as a <meta> tag at build time and the e2e smoke test asserts that the served
 * page carries exactly this string, so the two cannot drift apart.
 * - no 'unsafe-eval': nothing may generate code at run time (schemas, templates);
 * - styles may be inline because Monaco injects <style> elements;
 * - workers from self or blob: (the engine runs in a Web Worker);
 * - if a WebAssembly library is ever added, script-src gets 'wasm-unsafe-eval' and nothing looser.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
  "form-action 'self'";
