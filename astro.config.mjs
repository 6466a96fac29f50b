// The Waybill site, for running Astro on this folder directly (`waybill build/dev/preview` pass the same
// settings inline, from src/site/astro-settings.ts). The catalog it renders is chosen by
// WAYBILL_CATALOG_DIR; the base path by `waybill build --base` (or `base` in waybill.config.yaml).
import { defineConfig } from 'astro/config';
import { siteSettings } from './src/site/astro-settings.ts';

export default defineConfig(siteSettings());
