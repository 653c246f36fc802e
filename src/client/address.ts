/**
 * How a secret is named to its reader: `name` for your own secret,
 * `owner:name` for one another account owns (see parseAddress in resolve.ts).
 * @module
 */

/** The address of a secret as `me` writes it; without `me`, always the `owner:name` form. */
export function addressOf(secret: { name: string; owner: { id: string; handle: string } }, me?: string): string {
  return secret.owner.id === me ? secret.name : `${secret.owner.handle}:${secret.name}`;
}
