import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web workbench: built into dist/web and served by `causeway serve`.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
