/**
 * `#group-admin` in the browser build (the `latchkey-slim` condition; see
 * "imports" in package.json): creating, changing and listing groups is the
 * latchkey command's or the npm package's job; here it says so. Reading
 * what is shared with a group stays in the browser build.
 * @module
 */
import { BadInputError } from './errors.ts';
import type * as FullVariant from './groups.ts';

export type { GroupInfo, GroupMember } from './groups.ts';

async function notInThisBuild(): Promise<never> {
  throw new BadInputError('managing groups is not in the browser build of latchkey; use the latchkey command (latchkey group ...) or the npm package');
}

export const createGroup: typeof FullVariant.createGroup = notInThisBuild;
export const groupInfo: typeof FullVariant.groupInfo = notInThisBuild;
export const addMember: typeof FullVariant.addMember = notInThisBuild;
export const removeMember: typeof FullVariant.removeMember = notInThisBuild;
export const deleteGroupNamed: typeof FullVariant.deleteGroupNamed = notInThisBuild;

/** A group by name; every operation says it needs the command or the npm package. */
export class Group {
  /** @internal Use `client.group(name)`. */
  constructor(_state: unknown, readonly name: string) {}
  /** Not in the browser build. */
  add(): Promise<never> {
    return notInThisBuild();
  }
  /** Not in the browser build. */
  remove(): Promise<never> {
    return notInThisBuild();
  }
  /** Not in the browser build. */
  members(): Promise<never> {
    return notInThisBuild();
  }
  /** Not in the browser build. */
  info(): Promise<never> {
    return notInThisBuild();
  }
  /** Not in the browser build. */
  delete(): Promise<never> {
    return notInThisBuild();
  }
}
