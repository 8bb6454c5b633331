/**
 * Content-Security-Policy of the production build (SPEC §10), defined once.
 *
 * vite.config.ts injects it as a <meta> tag at build time and the e2e smoke test asserts that the served
 * page carries exactly this string, so the two cannot drift apart.
 * - no 'unsafe-eval': nothing may generate code at run time (schemas, templates);
 * - styles may be inline because Monaco injects <style> elements;
 * - workers from self or blob: (the engine runs in a Web Worker);
 * - if a WebAssembly library is ever added, script-src gets 'wasm-unsafe-eval' and nothing looser;
 * - connect-src allows http: and https: because the factories a user configures (webhook-notifier,
 *   replication-manager) call endpoints only known at run time, from the pond's own configs. The app itself
 *   requests nothing outside its origin (the e2e tests assert it for every journey without such a factory),
 *   and a target must still allow this origin (CORS). ws:, data: and other schemes stay blocked.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self'; connect-src 'self' http: https:; object-src 'none'; base-uri 'self'; " +
  "form-action 'self'";
