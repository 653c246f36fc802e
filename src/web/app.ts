/**
 * The dashboard shell: one LatchkeyClient for this origin (the SDK's
 * IndexedDB store keeps the session sealed under a non-extractable WebCrypto
 * key), a hash router, the status and alert regions, and the idle lock.
 * Every decryption, signature and check runs here, in the page, through the
 * public SDK; the server only ever sees what the CLI would send.
 * @module
 */
import { AuthError, ConflictError, IntegrityError, LatchkeyError, SecretKeyMissingError, createClient } from '../client/browser.ts';
import type { LatchkeyClient, WhoAmI } from '../client/browser.ts';
import { h, replace } from './dom.ts';
import { IdleLock } from './idle.ts';

/** What every view gets. */
export interface App {
  client: LatchkeyClient;
  me: WhoAmI;
  /** Navigates to a route (`#/...`). */
  go(route: string): void;
  /** Says something in the polite status region. */
  say(text: string): void;
  /** Shows an error in plain words (what happened, what to do) in the alert region. */
  fail(error: unknown): void;
  /** Runs `task` with the status saying `label`; errors go to {@link App.fail}. Returns undefined on failure. */
  busy<T>(label: string, task: () => Promise<T>): Promise<T | undefined>;
  lock(): Promise<void>;
  logout(): Promise<void>;
}

/** A view renders into `main` for a route's argument. */
export type View = (app: App, main: HTMLElement, arg: string) => Promise<void> | void;

/** Plain words for an error: a heading and the SDK's message (which says what to do). */
export function explain(error: unknown): { title: string; text: string } {
  if (error instanceof IntegrityError) {
    return { title: 'Refused: the server sent data that does not verify', text: `${error.message}. Nothing from it is shown. Tell your server operator; do not trust this server until it is explained.` };
  }
  if (error instanceof SecretKeyMissingError) {
    return { title: 'This browser needs your Secret Key', text: 'Enter it in the Secret Key field: the LK-… line of your emergency kit (or run "latchkey secret-key" where you are logged in). It is needed once per browser.' };
  }
  if (error instanceof ConflictError) return { title: 'Someone else changed this first', text: error.message };
  if (error instanceof AuthError) return { title: 'Not allowed', text: error.message };
  if (error instanceof LatchkeyError) return { title: 'Could not do that', text: error.message };
  return { title: 'Unexpected error', text: `${error instanceof Error ? error.message : String(error)}. Reload the page and try again.` };
}

/** Routes: `#/` list, `#/new`, `#/secret/<address>`, `#/machines`, `#/audit`, `#/account`. */
export type Routes = Record<string, View>;

/** Starts the dashboard in `document.body`. */
export async function startDashboard(routes: Routes, loginView: (done: (client: LatchkeyClient, me: WhoAmI) => void, shell: Shell) => void): Promise<void> {
  const shell = new Shell(routes, loginView);
  await shell.start();
}

const NAV: Array<[string, string]> = [['#/', 'Secrets'], ['#/machines', 'Machines'], ['#/audit', 'Audit'], ['#/account', 'Account']];

/** @internal The page state behind {@link App}. */
export class Shell {
  client: LatchkeyClient = newClient();
  readonly header = document.getElementById('top')!;
  readonly main = document.getElementById('main')!;
  readonly status = document.getElementById('status')!;
  readonly alert = document.getElementById('alert')!;
  readonly idle = new IdleLock(() => void this.lockNow());
  /** Handle shown on the unlock form after an idle lock. */
  lockedHandle: string | null = null;
  #app: App | null = null;
  #route = 0;

  constructor(
    private readonly routes: Routes,
    private readonly loginView: (done: (client: LatchkeyClient, me: WhoAmI) => void, shell: Shell) => void,
  ) {}

  async start(): Promise<void> {
    window.addEventListener('hashchange', () => void this.render());
    if (this.idle.expiredWhileAway() && (await this.client.isLoggedIn())) {
      this.lockedHandle = (await this.client.whoami().catch(() => null))?.handle ?? null;
      await this.client.logout();
    }
    if (await this.client.isLoggedIn()) {
      try {
        return this.enter(this.client, await this.client.whoami());
      } catch (error) {
        this.fail(error);
      }
    }
    this.showLogin();
  }

  showLogin(): void {
    this.#app = null;
    this.idle.stop();
    replace(this.header, h('span', { class: 'brand' }, 'latchkey'));
    this.loginView((client, me) => this.enter(client, me), this);
  }

  enter(client: LatchkeyClient, me: WhoAmI): void {
    this.client = client;
    this.lockedHandle = null;
    this.say('');
    this.#app = {
      client, me,
      go: (route) => {
        if (location.hash === route) void this.render();
        else location.hash = route;
      },
      say: (text) => this.say(text),
      fail: (error) => this.fail(error),
      busy: (label, task) => this.busy(label, task),
      lock: () => this.lockNow(),
      logout: async () => {
        await this.client.logout();
        this.client = newClient();
        this.say('Logged out. This browser keeps your Secret Key (sealed) so you can log in again with your passphrase.');
        this.showLogin();
      },
    };
    this.idle.start();
    const skip = h('a', { class: 'skip', href: '#main', onclick: (e: Event) => { e.preventDefault(); this.main.focus(); } }, 'Skip to content');
    const nav = h('nav', { 'aria-label': 'Main' }, NAV.map(([href, text]) => h('a', { href, 'data-nav': href }, text)));
    const who = h('span', { class: 'who' }, `${me.handle}`);
    const lock = h('button', { type: 'button', class: 'secondary', onclick: () => void this.lockNow() }, 'Lock');
    const out = h('button', { type: 'button', class: 'secondary', onclick: () => void this.#app?.logout() }, 'Log out');
    replace(this.header, skip, h('span', { class: 'brand' }, 'latchkey'), nav, h('span', { class: 'spacer' }), who, lock, out);
    void this.render();
  }

  async render(): Promise<void> {
    const app = this.#app;
    if (!app) return;
    const hash = location.hash || '#/';
    const [, name = '', arg = ''] = /^#\/([a-z]*)\/?(.*)$/.exec(hash) ?? [];
    const view = this.routes[name] ?? this.routes['']!;
    for (const a of this.header.querySelectorAll('a[data-nav]')) {
      const current = a.getAttribute('data-nav') === `#/${name === 'secret' || name === 'new' ? '' : name}`;
      if (current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    const token = ++this.#route;
    const main = h('div');
    replace(this.main, main);
    replace(this.alert);
    try {
      await view(app, main, decodeURIComponent(arg));
    } catch (error) {
      if (token === this.#route) this.fail(error);
    }
  }

  say(text: string): void {
    replace(this.status, text);
  }

  fail(error: unknown): void {
    const { title, text } = explain(error);
    replace(this.alert, h('div', { class: 'error' }, h('strong', {}, title), h('p', {}, text)));
    this.say('');
  }

  async busy<T>(label: string, task: () => Promise<T>): Promise<T | undefined> {
    this.say(label);
    replace(this.alert);
    try {
      const out = await task();
      if (this.status.textContent === label) this.say('');
      return out;
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  /** Forgets the keys: ends the session (server and this browser); the passphrase unlocks again. */
  async lockNow(): Promise<void> {
    const handle = this.#app?.me.handle ?? null;
    this.#app = null;
    replace(this.main);
    await this.client.logout().catch(() => undefined);
    this.client = newClient();
    this.lockedHandle = handle;
    this.showLogin();
    this.say('Locked: your keys were forgotten. Enter your passphrase to unlock.');
  }
}

/** A client for this origin's server, keeping its session in IndexedDB. */
export function newClient(): LatchkeyClient {
  return createClient({ server: location.origin, store: 'indexeddb', notice: () => undefined });
}
