import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { COLLAB_PATH } from "./shared/collabProtocol.ts";

const serverOrigin = process.env.PLENARY_SERVER ?? "http://127.0.0.1:8080";

export default defineConfig({
  root: "client",
  plugins: [react()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // The editor stack is most of the bundle and changes far less often
        // than the app, so it gets its own long-cached chunks (and stays under
        // the chunk size warning). A group also takes its dependencies, so the
        // libraries others build on are captured first (higher priority).
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 5 },
            {
              name: "prosemirror",
              test: /node_modules[\\/](prosemirror-[^\\/]+|orderedmap|rope-sequence|w3c-keyname|linkifyjs)[\\/]/,
              priority: 3,
            },
            { name: "tiptap", test: /node_modules[\\/]@tiptap[\\/]/, priority: 2 },
            { name: "collab", test: /node_modules[\\/](yjs|y-protocols|lib0|@hocuspocus|@lifeomic)[\\/]/, priority: 4 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      "/api": { target: serverOrigin, changeOrigin: false },
      [COLLAB_PATH]: { target: serverOrigin, ws: true, changeOrigin: false },
    },
  },
  // Test configuration (vitest) goes below this line, kept apart from the build.
  test: {
    // The app's root is client/; tests live across the repository.
    root: import.meta.dirname,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["shared/**/*.test.ts", "server/**/*.test.ts", "client/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "integration", include: ["tests/**/*.test.ts"], exclude: ["tests/browser/**", "tests/scale/**"] },
      },
      {
        extends: true,
        // Needs the PostgreSQL (and Redis) servers of the machine: `npm run test:scale`. The storage
        // suite runs here against both engines; each file makes and drops its own databases.
        test: {
          name: "scale",
          include: ["tests/storage/**/*.test.ts", "tests/scale/**/*.test.ts"],
          env: { PLENARY_TEST_ENGINES: "sqlite,postgres" },
          fileParallelism: false,
          // Tests of several server processes wait generously for conditions across them.
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // One browser test file at a time: each starts Chromium with several contexts.
        test: { name: "browser", include: ["tests/browser/**/*.test.ts"], fileParallelism: false },
      },
    ],
  },
});
