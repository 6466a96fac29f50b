// The Waybill site. The catalog it renders is chosen by WAYBILL_CATALOG_DIR (set by `waybill build/dev`).
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
  vite: { logLevel: 'warn' },
});
