import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // The shared libraries are used from source, so the web needs no separate build of them.
      '@crm/permissions': lib('permissions'),
      '@crm/api-client': lib('api-client'),
    },
  },
  define: {
    __VUE_OPTIONS_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': process.env.API_URL ?? 'http://localhost:3000',
      '/health': process.env.API_URL ?? 'http://localhost:3000',
      '/ready': process.env.API_URL ?? 'http://localhost:3000',
    },
  },
  build: {
    target: 'es2022',
    reportCompressedSize: true,
    // scripts/bundle-size.mjs reads it to measure what each route loads.
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
});
