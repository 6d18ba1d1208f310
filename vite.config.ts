import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dev server needs what the Content-Security-Policy of index.html forbids (React's
 * refresh preamble is an inline script, hot reload a WebSocket): it serves the page without
 * it. Every build keeps it (docs/content-security-policy.md).
 */
function noCspInDev(): Plugin {
  return {
    name: 'maillage-no-csp-in-dev',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/\s*<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
  };
}

export { noCspInDev };

export default defineConfig({
  plugins: [react(), noCspInDev()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { chunkSizeWarningLimit: 2000 },
});
