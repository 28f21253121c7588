/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server (`aether serve`, HTTP port 7234 by default) embeds `dist/` and serves it at `/`,
// so the build must be deterministic and self-contained: no CDN, no inline scripts or styles
// (the server's Content-Security-Policy forbids them).
const server = process.env.AETHER_HTTP ?? 'http://127.0.0.1:7234';

// The policy `aether serve` sends with the dashboard; `npm run preview` sends it too, so the
// built app can be checked against it before it is embedded.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const proxy = {
  '/v1': { target: server, changeOrigin: false },
  '/healthz': { target: server, changeOrigin: false },
};

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: { proxy },
  preview: { proxy, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Small assets stay files: a `data:` URL would still be allowed by the CSP, but files keep
    // the output easy to audit.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    globals: false,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
  },
});
