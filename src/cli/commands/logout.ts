/**
 * `latchkey logout`: walks the ledger newest first and, one question per
 * item (Enter means yes), undoes what login/pull wrote: files we created are
 * deleted, files we changed are restored from their backups (or lose only our
 * part if edited since), ssh keys are kept. Then the session is revoked and
 * the keys are forgotten. A damaged ledger stops everything before any change.
 * @module
 */
import { rm } from 'node:fs/promises';
import type { FileWriteRecord, RemoveReport } from '../../client/providers/index.ts';
import { flagBool } from '../args.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK } from '../errors.ts';
import { ledgerPath, readLedger, writeLedger, type LedgerEntry } from '../ledger.ts';
import { tildify } from '../placement.ts';
import { connect } from '../session.ts';

function describeFile(ctx: CliContext, f: FileWriteRecord): string {
  const path = tildify(ctx, f.path);
  if (f.created) return `delete ${path}`;
  return `restore ${path}${f.selector ? ` (take out ${f.selector.kind} ${f.selector.name})` : ''}`;
}

function question(ctx: CliContext, entry: LedgerEntry): string | null {
  if (entry.kind === 'env-file') {
    return `Delete the env file ${tildify(ctx, entry.path)} (variables of ${entry.secrets.join(', ') || 'no secrets'})?`;
  }
  const files = entry.record.files.filter((f) => f.action !== 'unchanged' && f.codec !== 'key-pair');
  if (files.length === 0) return null;
  return `Undo ${entry.secret}: ${files.map((f) => describeFile(ctx, f)).join(', ')}?`;
}

function reportRemoval(ctx: CliContext, report: RemoveReport): void {
  const verbs: Record<RemoveReport['files'][number]['action'], string> = {
    restored: 'restored', deleted: 'deleted', 'part-removed': 'took our part out of', 'left-changed': 'left (changed since)',
    missing: 'already gone:', 'nothing-to-do': 'unchanged:', 'kept-key-pair': 'kept ssh key',
  };
  for (const f of report.files) {
    if (f.action === 'nothing-to-do') continue;
    ctx.out.info(`  ${verbs[f.action]} ${tildify(ctx, f.path)}${f.note && f.action !== 'kept-key-pair' ? ` (${f.note})` : ''}`);
  }
}

async function undo(ctx: CliContext, entry: LedgerEntry): Promise<void> {
  if (entry.kind === 'env-file') {
    await rm(entry.path, { force: true });
    ctx.out.info(`  deleted ${tildify(ctx, entry.path)}`);
    return;
  }
  const { remove } = await import('../../client/providers/index.ts');
  reportRemoval(ctx, await remove(entry.record));
}

/** `latchkey logout [--yes] [--keep-files]` */
export async function logout(ctx: CliContext): Promise<number> {
  const keepFiles = flagBool(ctx.args, 'keep-files') === true;
  const assume = flagBool(ctx.args, 'yes') ? true : undefined;
  if (!keepFiles) {
    const ledger = await readLedger(ctx.latchkeyHome);
    const remaining = [...ledger.entries];
    if (remaining.length > 0) ctx.out.info('Undoing what latchkey wrote on this machine:');
    for (const entry of [...ledger.entries].reverse()) {
      if (entry.kind === 'provider') {
        for (const f of entry.record.files) {
          if (f.codec === 'key-pair' && f.action !== 'unchanged') ctx.out.info(`  keeping ssh key ${tildify(ctx, f.path)} (logout never deletes ssh keys)`);
        }
      }
      const text = question(ctx, entry);
      if (text !== null) {
        if (await ctx.prompt.confirm(text, { assume })) await undo(ctx, entry);
        else ctx.out.info('  kept as is');
      }
      remaining.splice(remaining.lastIndexOf(entry), 1);
      await writeLedger(ctx.latchkeyHome, { v: 1, entries: remaining });
    }
    await rm(ledgerPath(ctx.latchkeyHome), { force: true });
  } else {
    ctx.out.info('Leaving written files in place (--keep-files); the ledger is kept for a later logout.');
  }
  const client = await connect(ctx);
  const active = await client.isLoggedIn();
  await client.logout();
  ctx.out.info(active ? `Logged out of ${client.server}: session revoked, keys forgotten on this machine.` : 'No session was active; local keys are forgotten.');
  return EXIT_OK;
}
