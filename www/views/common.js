// Pieces several views share: the state badge, one-line meanings of each key state, and the
// longer explanations shown beside actions. Written for learners, in plain words.
// Depends on ../lib/dom.js and ../lib/format.js.

import { h } from "../lib/dom.js";
import { STATE_LABEL } from "../lib/format.js";

export function stateBadge(state) {
  return h("span", { class: `badge state-${state}` }, STATE_LABEL[state] ?? state);
}

export const STATE_EXPLAIN = {
  Enabled:
    "The key can be used for what its key usage allows: encrypt and decrypt, sign and verify, MACs or key agreement.",
  Disabled:
    "Nothing can use the key until it is enabled again. Nothing is lost: disabling is the reversible way to stop use.",
  PendingDeletion: "The key is waiting to be deleted. It cannot be used, but the deletion can still be cancelled.",
  PendingImport: "The key has no key material (origin External): import material to use it.",
  PendingReplicaDeletion:
    "A multi-Region primary key scheduled for deletion while it still has replicas: it cannot be used, and waits for them to be deleted first.",
};

export const WHY = {
  rotate: [
    "Rotation gives the key new key material while keeping its id, ARN, aliases and policy, so applications need no change. New encryptions use the new material; KMS keeps every older material, so old ciphertexts still decrypt.",
    "Why: it limits how much data, and for how long, one piece of material protects, and many compliance rules ask for it.",
  ],
  rotateLimits: [
    "What rotation does not do: it does not re-encrypt existing data, and it does not lock anyone out. Old material stays usable, so a stolen ciphertext still decrypts, and anyone allowed to call Decrypt still can. If material or access leaked, make a new key, re-encrypt the data under it, and disable or delete the old key.",
  ],
  deletionWaits: [
    "Deleting a key is the one thing KMS cannot undo: once the key and its material are gone, every ciphertext made under it is unreadable forever. So KMS makes you wait 7 to 30 days. During that time the key cannot be used, and any attempt shows up in the audit log: that is how you find out something still depends on it, in time to cancel.",
  ],
  disable: [
    "Disabling stops all use at once and can be undone with Enable. Before deleting a key, disable it for a while and watch the audit log for failed calls.",
  ],
  imported: [
    "With origin External, KMS never generates the material: you create it, wrap it with a public key KMS gives you, and upload it. You are responsible for keeping a copy.",
    "Imported material can be given an expiry date. When it expires, or when you delete it, KMS removes it and the key goes to Pending import: unusable until you import the same material again. Different material is refused, because the ciphertexts belong to the original.",
  ],
};
