/**
 * What a stolen database costs a guesser on this machine: scrypt at the
 * account floor (N=2^17, r=8, p=1; node:crypto, i.e. OpenSSL) per guess on one
 * core and on every core, and the same guesser against a 128-bit Secret Key.
 * Figures go to bench/README.md and docs/secret-key.md.
 * Run: npx tsx bench/scrypt-guesses.ts      (BENCH_RUNS to change)
 */
import { availableParallelism } from 'node:os';
import { scrypt } from 'node:crypto';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const cores = availableParallelism();
const salt = new Uint8Array(32);
const guess = (): Promise<void> =>
  new Promise((resolve, reject) => scrypt('a guessed passphrase', salt, 32, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }, (e) => (e ? reject(e) : resolve())));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await guess();
const single: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  await guess();
  single.push(performance.now() - t);
}
const all: number[] = [];
for (let i = 0; i < Math.max(3, Math.floor(RUNS / 2)); i++) {
  const t = performance.now();
  await Promise.all(Array.from({ length: cores }, guess));
  all.push((performance.now() - t) / cores);
}
const perGuess = median(single);
const perGuessAll = median(all);
const rate = 1000 / perGuessAll;
const years = (guesses: number): string => {
  const y = guesses / rate / (365.25 * 24 * 3600);
  return y < 1 ? `${(y * 365.25).toFixed(1)} days` : `${y.toExponential(1)} years`;
};
console.log(`scrypt N=2^17 r=8 p=1 (node:crypto), ${cores} cores, p50 of ${RUNS}\n`);
console.log('| measure | value |');
console.log('|---|---|');
console.log(`| one guess, one core | ${perGuess.toFixed(0)} ms (${(1000 / perGuess).toFixed(2)} guesses/s) |`);
console.log(`| guesses/s, all ${cores} cores | ${rate.toFixed(2)} |`);
console.log(`| a 10^6-word dictionary, passphrase only (format v1) | ${years(1e6)} |`);
console.log(`| a zxcvbn score-3 passphrase (>= 10^8 guesses), passphrase only | ${years(1e8)} |`);
console.log(`| the same dictionary x a 128-bit Secret Key (format v2), half the space | ${years(1e6 * 2 ** 127)} |`);
