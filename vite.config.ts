/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './src/app/csp.ts';

/**
 * Puts the CSP <meta> first in <head> of the production build only: the dev server relies on inline
 * scripts and eval-like tricks (React Refresh, HMR) that the policy would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'duckpond:csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  test: {
    // The core is environment-free and tested in Node; the UI is tested in Chromium by Playwright (e2e/).
    environment: 'node',
    include: ['src/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'dist/**'],
  },
});
