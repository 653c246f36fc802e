/**
 * The emergency kit: the text a person keeps (printed, or in a password
 * manager) to log in on a new device. It holds the Secret Key but never the
 * passphrase.
 * @module
 */

/** What the kit names. */
export interface EmergencyKitInput {
  server: string;
  handle: string;
  accountId: string;
  secretKey: string;
}

/** The kit as plain text. */
export function emergencyKit(kit: EmergencyKitInput): string {
  return [
    'latchkey emergency kit',
    '',
    `server:     ${kit.server}`,
    `handle:     ${kit.handle}`,
    `account id: ${kit.accountId}`,
    `Secret Key: ${kit.secretKey}`,
    'passphrase: (not written here: you chose it; keep it in your head or your password manager)',
    '',
    'A new device needs both the passphrase and the Secret Key to log in. Nobody can recover',
    'either: lose both copies of the Secret Key (this kit and your devices) and your secrets are gone.',
    'Keep this kit offline or in a password manager; do not store it next to your passphrase.',
    '',
  ].join('\n');
}
