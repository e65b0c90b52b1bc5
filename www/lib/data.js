// Reading the service for the views: every key with its metadata, aliases and rotation status,
// and everything one key's detail page shows. Each read is a real API call (so it appears in
// the audit log, as the AWS console's own calls appear in CloudTrail). Depends on nothing; the
// service object comes from the caller.

/** All pages of a paginated list call. */
async function all(call, input, member) {
  const out = [];
  let Marker;
  do {
    const page = await call({ ...input, ...(Marker ? { Marker } : {}) });
    out.push(...(page[member] ?? []));
    Marker = page.Truncated ? page.NextMarker : undefined;
  } while (Marker);
  return out;
}

/** keyId → alias names, for every alias that points at a key. */
export async function aliasesByKey(kms) {
  const map = new Map();
  for (const a of await all((i) => kms.listAliases(i), {}, "Aliases")) {
    if (!a.TargetKeyId) continue;
    map.set(a.TargetKeyId, [...(map.get(a.TargetKeyId) ?? []), a.AliasName]);
  }
  return map;
}

/** Whether this key has rotations at all: only symmetric encryption keys rotate (HMAC and key pairs never). */
export const rotates = (m) => m.KeySpec === "SYMMETRIC_DEFAULT";

/** Whether automatic rotation applies to this key (symmetric encryption keys made by KMS). */
export const rotatable = (m) => m.Origin === "AWS_KMS" && rotates(m);

/** `{ metadata, aliases, rotation }` for every key, newest first (`{ metadata: { KeyId }, denied }` for a key the caller may not describe, last). */
export async function listAllKeys(kms) {
  const [ids, aliases] = await Promise.all([all((i) => kms.listKeys(i), {}, "Keys"), aliasesByKey(kms)]);
  const keys = [];
  for (const { KeyId } of ids) {
    let metadata;
    try {
      ({ KeyMetadata: metadata } = await kms.describeKey({ KeyId }));
    } catch (e) {
      // A key policy can shut the caller out of one key; the list still shows the others.
      if (e.name !== "AccessDeniedException") throw e;
      keys.push({ metadata: { KeyId }, aliases: aliases.get(KeyId) ?? [], denied: e });
      continue;
    }
    let rotation;
    if (rotatable(metadata) && metadata.KeyManager === "CUSTOMER") {
      rotation = await kms.getKeyRotationStatus({ KeyId });
    }
    keys.push({ metadata, aliases: aliases.get(KeyId) ?? [], rotation });
  }
  keys.sort((a, b) => (b.metadata.CreationDate ?? 0) - (a.metadata.CreationDate ?? 0));
  return keys;
}

/** Metadata and aliases of one key; undefined when it does not exist (any more). */
export async function keyBasics(kms, keyId) {
  try {
    const { KeyMetadata: metadata } = await kms.describeKey({ KeyId: keyId });
    const aliases = await all((i) => kms.listAliases(i), { KeyId: metadata.KeyId }, "Aliases");
    return { metadata, aliases: aliases.map((a) => a.AliasName) };
  } catch (e) {
    if (e.name === "NotFoundException") return undefined;
    throw e;
  }
}

/** The rotations of a key, oldest first. */
export function rotations(kms, keyId) {
  return all((i) => kms.listKeyRotations(i), { KeyId: keyId }, "Rotations");
}

export function tags(kms, keyId) {
  return all((i) => kms.listResourceTags(i), { KeyId: keyId }, "Tags");
}
