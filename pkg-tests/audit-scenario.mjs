// The audit scenario shared by audit-durability.test.mjs (state files, real processes) and
// audit-reload.test.mjs (the console in Chromium): two keys, one scheduled for deletion, then
// four calls that change no key. Depends on nothing.

/** JS source of the calls, run with `kms` in scope (in a child process or in the page). */
export const AUDIT_CALLS = `
  const id = (await kms.createKey({})).KeyMetadata.KeyId;
  const doomed = (await kms.createKey({})).KeyMetadata.KeyId;
  await kms.scheduleKeyDeletion({ KeyId: doomed, PendingWindowInDays: 7 });
  const ct = (await kms.encrypt({ KeyId: id, Plaintext: new Uint8Array([1, 2, 3]) })).CiphertextBlob;
  await kms.decrypt({ CiphertextBlob: ct });
  await kms.decrypt({ CiphertextBlob: new Uint8Array(64) }).catch(() => {});
  await kms.encrypt({ KeyId: doomed, Plaintext: new Uint8Array([1]) }).catch(() => {});
`;

/** The events those four calls leave after ScheduleKeyDeletion, as [name, error, alarm]. */
export const AUDIT_EXPECTED = [
  ["Encrypt", null, false],
  ["Decrypt", null, false],
  ["Decrypt", "InvalidCiphertextException", false],
  ["Encrypt", "KMSInvalidStateException", true],
];
