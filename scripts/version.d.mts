/** `{ __LATCHKEY_VERSION__: '"<version>"' }`: package.json's version as an esbuild/vite define. */
export declare const VERSION_DEFINE: { __LATCHKEY_VERSION__: string };
