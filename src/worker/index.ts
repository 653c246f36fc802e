/**
 * The latchkey worker: a Hono app on Cloudflare Workers with D1 (binding `DB`).
 * It stores ciphertext, wraps, signatures and public cards; it never decrypts.
 * @module
 */
import { createApp } from './app.ts';

const app = createApp();

export default app;
