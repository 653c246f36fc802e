/**
 * The committed example notebooks: well-formed, the right kernels, and no
 * token, secret-looking value or absolute local path in any output.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cellSource, findLeaks, listNotebooks, publishedTexts, readNotebook, type Notebook } from './notebook-files.ts';

const KERNELS: Record<string, { name: string; language: string }> = {
  'colab.ipynb': { name: 'python3', language: 'python' },
  'jupyterlite.ipynb': { name: 'javascript', language: 'javascript' },
  'deno.ipynb': { name: 'deno', language: 'typescript' },
};

describe('leak detector', () => {
  test('flags tokens, provider keys, random strings and local paths', () => {
    expect(findLeaks('token: lk_machine_AAAAbbbbCCCCdddd1234')).toContain('latchkey machine token');
    expect(findLeaks('OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234')).toContain('OpenAI-style key');
    expect(findLeaks('hf_AbCdEfGhIjKlMnOpQrSt1234')).toContain('Hugging Face token');
    expect(findLeaks('AKIAABCDEFGHIJKLMNOP')).toContain('AWS access key id');
    expect(findLeaks('value 9fQ2xLr7Tz3KpV8mW1nB5cJ6hY4dG0sA')).toEqual([expect.stringMatching(/^secret-looking string of \d+ characters$/)]);
    expect(findLeaks('saved to /home/alice/x.json')).toContain('absolute local path');
    expect(findLeaks('"/tmp/latchkey-deno-1/main.js"')).toContain('absolute local path');
    expect(findLeaks('C:\\Users\\alice')).toContain('absolute local path');
  });
  test('passes illustrative outputs', () => {
    expect(findLeaks('loaded: HF_TOKEN, OPENAI_API_KEY')).toEqual([]);
    expect(findLeaks("{ handle: 'bob', fingerprint: 'ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567' }")).toEqual([]);
    expect(findLeaks('see ~/.latchkey and https://cdn.jsdelivr.net/npm/latchkey@0.1.0/dist/browser/latchkey.min.js')).toEqual([]);
  });
});

describe('committed notebooks', async () => {
  const paths = await listNotebooks();

  test('all three example notebooks exist', () => {
    expect(paths.map((p) => basename(p))).toEqual(expect.arrayContaining(Object.keys(KERNELS)));
  });

  for (const path of paths) {
    const name = basename(path);
    test(`${name}: nbformat 4, expected kernel, clean outputs`, async () => {
      const raw = await readFile(path, 'utf8');
      const nb = JSON.parse(raw) as Notebook;
      expect(nb.nbformat).toBe(4);
      const kernel = KERNELS[name];
      if (kernel) {
        expect(nb.metadata.kernelspec?.name).toBe(kernel.name);
        expect(nb.metadata.kernelspec?.language ?? (nb.metadata.language_info as { name?: string } | undefined)?.name).toBe(kernel.language);
      }
      expect(nb.cells.some((c) => c.cell_type === 'code' && cellSource(c).trim() !== '')).toBe(true);
      // Sources may carry placeholders, never a real token.
      expect(raw).not.toMatch(/lk_machine_[A-Za-z0-9_-]{20,}/);
      const leaks = publishedTexts(nb).flatMap(({ where, text }) => findLeaks(text).map((p) => `${where}: ${p}`));
      expect(leaks).toEqual([]);
    });
  }
});
