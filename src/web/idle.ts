/**
 * Lock after idle: no key press, click or pointer movement for
 * {@link IDLE_LOCK_MS} (15 minutes) locks the dashboard. The last activity
 * time is kept in localStorage, so a page reopened after the limit locks at
 * once instead of resuming the stored session.
 * @module
 */

/** Idle time before the dashboard locks. */
export const IDLE_LOCK_MS = 15 * 60 * 1000;
const KEY = 'latchkey.lastActive';
const CHECK_MS = 5000;
const EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'focusin'] as const;

/** Watches activity and calls `onIdle` once when the limit passes. */
export class IdleLock {
  #timer: ReturnType<typeof setInterval> | null = null;
  #last = Date.now();
  readonly #touch = (): void => {
    const now = Date.now();
    // Coarse writes: pointer moves fire often.
    if (now - this.#last > 1000) localStorage.setItem(KEY, String(now));
    this.#last = now;
  };

  constructor(private readonly onIdle: () => void, private readonly limitMs = IDLE_LOCK_MS) {}

  /** True when the page was last used longer ago than the limit (another tab or an earlier visit). */
  expiredWhileAway(): boolean {
    const stored = Number(localStorage.getItem(KEY) ?? 0);
    return stored > 0 && Date.now() - stored > this.limitMs;
  }

  start(): void {
    this.stop();
    this.#last = Date.now();
    localStorage.setItem(KEY, String(this.#last));
    for (const e of EVENTS) window.addEventListener(e, this.#touch, { passive: true });
    this.#timer = setInterval(() => {
      const shared = Number(localStorage.getItem(KEY) ?? 0);
      if (Date.now() - Math.max(this.#last, shared) > this.limitMs) {
        this.stop();
        this.onIdle();
      }
    }, CHECK_MS);
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    for (const e of EVENTS) window.removeEventListener(e, this.#touch);
  }
}
