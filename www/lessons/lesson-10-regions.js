// Lesson 10, keys in many Regions: a multi-Region primary key, a replica in another Region, a
// ciphertext made in one Region decrypted in the other, a rotation the replica follows, and what
// each copy keeps for itself (its alias, its enabled state). Checked across Regions by
// ./lesson-10-copies.js. Depends on ../lib/data.js, ../lib/dom.js, ./course.js, ./parts.js and ./lesson-10-copies.js.

import { aliasesByKey } from "../lib/data.js";
import { h } from "../lib/dom.js";
import { TAG_KEY } from "./course.js";
import { copiesElsewhere, copiesPanel, copyHref, inRegion, regionFacts } from "./lesson-10-copies.js";
import { c, makeLessonKey, NotYet, need, tagHow } from "./parts.js";

/** Where "Show me" replicates to: the first of these the key is not in yet. */
const TARGETS = ["eu-west-1", "us-west-2", "ap-southeast-2", "us-east-1"];
const CONTEXT = { purpose: "lesson-10" };
const ALIAS = "alias/lesson10";

const needKey = (f) => need(f.key && f.primary, "Do step 1 first: this lesson needs its multi-Region key.");
const needReplica = (f) => need(f.replica, "Do step 2 first: the key has no replica yet.");
const short = (id) => `${String(id).slice(0, 12)}…`;

/** The guide's pages this lesson stands on, as links that open beside it. */
function readMore() {
  const link = (title, page) =>
    h(
      "a",
      {
        href: `https://docs.aws.amazon.com/kms/latest/developerguide/${page}`,
        target: "_blank",
        rel: "noopener noreferrer",
      },
      title,
    );
  return h(
    "p",
    null,
    "Read more in the AWS KMS Developer Guide: ",
    link("“Multi-Region keys in AWS KMS”", "multi-region-keys-overview.html"),
    " and ",
    link("“Security considerations for multi-Region keys”", "mrk-when-to-use.html"),
    ".",
  );
}

export default {
  goal: "Use one key in two Regions: make a multi-Region key, replicate it, decrypt in the second Region what the first encrypted, rotate it once for both, and see what each copy still keeps to itself.",
  why: [
    "A KMS key belongs to one Region, and so does its ciphertext: nothing in eu-west-1 can decrypt what a single-Region key in us-east-1 encrypted. A multi-Region key is a set of related keys, one per Region, that share their key id (it starts with mrk-) and their key material. Any of them decrypts what any other encrypted, locally, with no call to another Region.",
    "It pays off when encrypted data has to cross Regions: disaster recovery (backups copied to a second Region can be read there while the first is down), global applications that write in one Region and read in others, and client-side encryption with the AWS Encryption SDK, whose multi-Region-aware keyrings decrypt with the copy in the reader's Region. Signing keys work the same way: one public key, valid signatures from every Region.",
    "AWS advises a single-Region key unless you need one of these. With a multi-Region key the key material leaves its Region (inside KMS), a ciphertext can be opened in several places, and policies, audit trails and data-residency or data-sovereignty rules have to be checked in every Region that holds a copy. A single-Region key guarantees that its ciphertext is readable in one Region only.",
    "It is not one global key. Each copy is an ordinary KMS key of its own Region, with its own ARN. KMS keeps the shared properties in step (key id, key material, key spec and usage, origin, rotation); everything else is each copy's own: key policy, grants, aliases, tags, description, and whether it is enabled or scheduled for deletion. Only the primary makes replicas and rotates.",
    readMore(),
  ],
  facts: regionFacts,
  extra: copiesPanel,
  /** The lesson's copies outside the console's Region, as key ARNs, for Reset (course.js removes the Region's own). */
  resetAlso: copiesElsewhere,
  steps: [
    {
      id: "create",
      title: "Create a multi-Region key",
      how: [
        "In Create key keep Symmetric and Encrypt and decrypt, and tick ",
        h("strong", null, "Multi-Region key"),
        " under Regionality: that makes a primary key (CreateKey with MultiRegion). Give it the alias ",
        c("lesson10"),
        ". ",
        ...tagHow(10),
      ],
      where: () => ["#/create?fresh", "Create key"],
      done: (f) => Boolean(f.key),
      show: async (ctx, f) => {
        const { id, alias } = await makeLessonKey(ctx, f, {
          alias: "lesson10",
          description: "Lesson 10: one key in many Regions",
          MultiRegion: true,
        });
        return [
          `CreateKey with MultiRegion: ${alias} is the primary key ${id} in ${ctx.region}.`,
          "Its id starts with mrk-, the mark of a multi-Region key. It has no replica yet: so far it works exactly like a single-Region key.",
        ];
      },
    },
    {
      id: "replicate",
      title: "Replicate it to another Region",
      how: [
        "On the key's Regionality tab, pick a Region under “Replicate to…” (eu-west-1, say) and press Replicate key (ReplicateKey). The replica gets the same key id and key material. It gets no tags: the console's form sends none, and KMS never copies them (ReplicateKey's Tags parameter would set the replica's own). The lesson finds the replica through its primary.",
      ],
      where: (f) => f.primary && [copyHref(f.primary, "regionality"), "the key's Regionality tab"],
      done: (f) => Boolean(f.replicated),
      show: async (ctx, f) => {
        const primary = needKey(f);
        const taken = new Set(f.copies.map((x) => x.region));
        const region = TARGETS.find((r) => !taken.has(r));
        await inRegion(ctx, primary.region).replicateKey({
          KeyId: f.key.id,
          ReplicaRegion: region,
          Description: "Lesson 10: the replica",
          Tags: [{ TagKey: TAG_KEY, TagValue: "10" }],
        });
        return [
          `ReplicateKey, called in ${primary.region} (the primary's Region), made a replica in ${region} with the same key id, ${f.key.id}.`,
          `The tag lesson=10 was passed to ReplicateKey on purpose: the primary's tags are not copied. ${primary.region}'s audit log records the ReplicateKey call; ${region}'s records a CreateKey made by KMS itself (a service event), as CloudTrail does.`,
        ];
      },
    },
    {
      id: "cross-region",
      title: "Encrypt in one Region, decrypt in the other",
      how: [
        "On the primary's Try it tab, Encrypt some text. Then open the Regionality tab, follow the link to the replica (the console switches Region) and, on its Try it tab, press Decrypt: the box still holds your ciphertext and its context. The replica decrypts it alone, in its own Region.",
      ],
      where: (f) => f.primary && [copyHref(f.primary, "crypto"), "the primary's Try it tab"],
      done: (f) => Boolean(f.cross),
      show: async (ctx, f) => {
        const primary = needKey(f);
        const replica = needReplica(f);
        const { CiphertextBlob } = await inRegion(ctx, primary.region).encrypt({
          KeyId: f.key.id,
          Plaintext: new TextEncoder().encode("shipped from one Region to another"),
          EncryptionContext: CONTEXT,
        });
        const out = await inRegion(ctx, replica.region).decrypt({ CiphertextBlob, EncryptionContext: CONTEXT });
        return [
          `Encrypt in ${primary.region}, then Decrypt of that ciphertext in ${replica.region}: “${new TextDecoder().decode(out.Plaintext)}”.`,
          `The answer names ${out.KeyId}: the replica did it with key material ${short(out.KeyMaterialId)}, the same the primary used. Neither Region called the other; each audit log records its own half.`,
        ];
      },
    },
    {
      id: "rotate",
      title: "Rotate the primary; the replica follows",
      how: [
        "On the primary's Key rotation tab press Rotate now (RotateKeyOnDemand). Then open the replica's Key rotation tab, through Regionality and its link: it counts the rotation too, and its General configuration shows the primary's new key material id. A replica cannot rotate by itself (UnsupportedOperationException); it gets each new material from its primary.",
      ],
      where: (f) => f.primary && [copyHref(f.primary, "rotation"), "the primary's Key rotation tab"],
      done: (f) => Boolean(f.followed),
      show: async (ctx, f) => {
        const primary = needKey(f);
        const replica = needReplica(f);
        await inRegion(ctx, primary.region).rotateKeyOnDemand({ KeyId: f.key.id });
        const { Rotations } = await inRegion(ctx, replica.region).listKeyRotations({ KeyId: f.key.id });
        const material = async (x) =>
          (await inRegion(ctx, x.region).describeKey({ KeyId: f.key.id })).KeyMetadata.CurrentKeyMaterialId;
        const [here, there] = [await material(primary), await material(replica)];
        return [
          `RotateKeyOnDemand in ${primary.region}; ListKeyRotations in ${replica.region} then lists ${Rotations.length} rotation${Rotations.length === 1 ? "" : "s"}, and the current key material is ${short(here)} in ${primary.region} and ${short(there)} in ${replica.region}${here === there ? ": the same" : ""}.`,
          `KMS carried the new material to the replica: ${replica.region}'s audit log shows it as a SynchronizeMultiRegionKey service event. In AWS this takes a moment; here it is at once. Older ciphertexts still decrypt in both Regions, since each copy keeps every material the key had.`,
        ];
      },
    },
    {
      id: "alias",
      title: "Give the replica the same alias",
      how: [
        "Aliases belong to a Region: ",
        c(ALIAS),
        " does not exist in the replica's Region yet. On the replica's Aliases tab, add ",
        c("lesson10"),
        ". With the same alias name in every Region, an application can be configured with ",
        c(ALIAS),
        " everywhere and reach the copy in its own Region.",
      ],
      where: (f) => f.replica && [copyHref(f.replica, "aliases"), "the replica's Aliases tab"],
      done: (f) => Boolean(f.sharedAlias),
      show: async (ctx, f) => {
        const primary = needKey(f);
        const replica = needReplica(f);
        // The primary's alias when it has one (step 1 gives it lesson10); both get ALIAS otherwise.
        const name = primary.aliases[0] ?? ALIAS;
        const kms = inRegion(ctx, replica.region);
        const owner = [...(await aliasesByKey(kms))].find(([, names]) => names.includes(name))?.[0];
        if (owner && owner !== f.key.id)
          throw new NotYet(`${name} already names another key in ${replica.region}: delete that alias first.`);
        if (!primary.aliases.length)
          await inRegion(ctx, primary.region).createAlias({ AliasName: name, TargetKeyId: f.key.id });
        if (!owner) await kms.createAlias({ AliasName: name, TargetKeyId: f.key.id });
        return [
          `CreateAlias in ${replica.region}: ${name} now names the replica there, as it names the primary in ${primary.region}.`,
          "Two aliases with one name, one per Region: deleting or moving one leaves the other alone.",
        ];
      },
    },
    {
      id: "own-state",
      title: "Disable the replica; the primary still works",
      how: [
        "On the replica's page press Disable. Then, on the primary's Try it tab, Encrypt (or Decrypt): it works, because a copy's enabled state is its own, like its key policy. Then enable the replica again.",
      ],
      where: (f) => f.replica && [copyHref(f.replica), "the replica"],
      done: (f) => Boolean(f.own),
      show: async (ctx, f) => {
        const primary = needKey(f);
        const replica = needReplica(f);
        const there = inRegion(ctx, replica.region);
        await there.disableKey({ KeyId: f.key.id });
        let refused = "no error";
        try {
          const { CiphertextBlob } = await inRegion(ctx, primary.region).encrypt({
            KeyId: f.key.id,
            Plaintext: new TextEncoder().encode("still here"),
          });
          await there.decrypt({ CiphertextBlob }).catch((e) => {
            refused = e.name;
          });
        } finally {
          await there.enableKey({ KeyId: f.key.id });
        }
        return [
          `Disabled the replica in ${replica.region}; Encrypt in ${primary.region} still worked, while Decrypt in ${replica.region} answered ${refused}. Then enabled the replica again.`,
          "Disabling, a key policy, grants and a scheduled deletion act on one copy only: to stop a multi-Region key everywhere, each copy must be disabled.",
        ];
      },
    },
  ],
  learned: [
    "A multi-Region key is a set of keys, one per Region, with one key id and one key material: a ciphertext from one decrypts with another, with no call across Regions.",
    "KMS keeps the shared properties in step: the primary rotates and every replica gets the new material.",
    "Aliases, tags, key policy, grants and the enabled state belong to each copy: disabling the replica left the primary working.",
    "Choose a multi-Region key only when data must be read in more than one Region; otherwise a single-Region key keeps its ciphertext in its Region.",
  ],
};
