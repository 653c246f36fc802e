/**
 * Shapes returned by {@link Secret} methods.
 * @module
 */
import type { AccountKind } from '../crypto/index.ts';
import type { ProviderRef } from './payload.ts';

/** Access the caller has to a secret. */
export type SecretAccess = 'owner' | 'read' | 'write';

/** One entry of a secret's verified history. */
export interface VersionInfo {
  version: number;
  author: { id: string; handle: string };
  time: number;
  /** base64url version hash (what the next version links to). */
  hash: string;
}

/** A past version, verified and decrypted (read-only). */
export interface SecretVersion extends VersionInfo {
  values: Record<string, string>;
  provider: ProviderRef | null;
}

/** Someone a secret is shared with. */
export interface Grantee {
  id: string;
  handle: string;
  kind: AccountKind;
  access: 'read' | 'write';
  /** Grouped fingerprint of the grantee's pinned key card. */
  fingerprint: string;
  grantedAt: number;
}

/** Options of {@link Secret.share}. */
export interface ShareOptions {
  access?: 'read' | 'write';
  /**
   * The grantee's fingerprint as they told you (grouped or 16 words). When
   * given, the share happens only if the server presents exactly that card,
   * which closes the trust-on-first-use gap for a first share.
   */
  fingerprint?: string;
}
