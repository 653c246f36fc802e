import { describe, expect, test } from 'vitest';
import { BulkResponse, CardResponse, MAX_LIST, SMALL_ANSWER_BYTES } from '../protocol/index.ts';
import { DEFAULT_LIMITS, Deadline, capFor, checkItems, limiter, readAnswer, resolveLimits } from './bounds.ts';
import { BadInputError, IntegrityError, LimitError } from './errors.ts';

const limits = resolveLimits();
const stream = (chunks: number, size: number, onPull?: () => void) => {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull?.();
      if (sent++ >= chunks) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
};

describe('resolveLimits', () => {
  test('defaults, overrides, and refusals that say what is accepted', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ totalTimeoutMs: 5 }).totalTimeoutMs).toBe(5);
    expect(() => resolveLimits({ totalTimeoutMs: 0 })).toThrow(BadInputError);
    expect(() => resolveLimits({ maxAnswerBytes: 1.5 })).toThrow(/limits\.maxAnswerBytes must be a positive integer/);
    expect(() => resolveLimits({ bogus: 1 } as never)).toThrow(/unknown limit "bogus"/);
  });
});

describe('readAnswer', () => {
  test('reads an answer within its cap', async () => {
    const d = new Deadline(limits, 'x');
    expect(await readAnswer(new Response('{"a":1}'), capFor(CardResponse, limits), d, 'x')).toBe('{"a":1}');
    d.done();
  });

  test('stops reading as soon as the cap is passed', async () => {
    let pulls = 0;
    const d = new Deadline(limits, 'x');
    const error = await readAnswer(new Response(stream(1000, 4096, () => pulls++)), capFor(CardResponse, limits), d, 'load card')
      .catch((e: unknown) => e);
    d.done();
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).bound).toBe('answerBytes');
    expect(pulls).toBeLessThanOrEqual(SMALL_ANSWER_BYTES / 4096 + 3);
  });

  test('refuses a declared Content-Length above the cap without reading', async () => {
    let pulls = 0;
    const response = new Response(stream(1, 10, () => pulls++), { headers: { 'content-length': String(10 * 1024 ** 3) } });
    const d = new Deadline(limits, 'x');
    await expect(readAnswer(response, capFor(BulkResponse, limits), d, 'pull')).rejects.toMatchObject({ bound: 'maxAnswerBytes' });
    d.done();
    expect(pulls).toBeLessThanOrEqual(1);
  });

  test('the total deadline ends a body that never ends, even if nobody honours the signal', async () => {
    const d = new Deadline(resolveLimits({ totalTimeoutMs: 50 }), 'pull all secrets');
    const endless = new Response(new ReadableStream<Uint8Array>({ pull: () => new Promise(() => undefined) }));
    await expect(readAnswer(endless, capFor(BulkResponse, limits), d, 'pull')).rejects.toMatchObject({ bound: 'totalTimeoutMs' });
    d.done();
  });
});

test('the route cap sits under the ceiling', () => {
  expect(capFor(CardResponse, limits)).toEqual({ bytes: SMALL_ANSWER_BYTES, bound: 'answerBytes' });
  expect(capFor(BulkResponse, limits)).toEqual({ bytes: DEFAULT_LIMITS.maxAnswerBytes, bound: 'maxAnswerBytes' });
});

test('checkItems refuses a list longer than the protocol allows, before validation', () => {
  expect(() => checkItems(BulkResponse, { secrets: new Array(MAX_LIST).fill(0) }, 'x')).not.toThrow();
  expect(() => checkItems(BulkResponse, { secrets: new Array(MAX_LIST + 1).fill(0) }, 'pull')).toThrow(IntegrityError);
});

test('limiter never runs more than n at once and runs everything', async () => {
  const run = limiter(3);
  let active = 0;
  let peak = 0;
  const done = await Promise.all(Array.from({ length: 20 }, (_, i) => run(async () => {
    active++;
    peak = Math.max(peak, active);
    await new Promise((r) => setTimeout(r, 1));
    active--;
    return i;
  })));
  expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
  expect(peak).toBe(3);
});
