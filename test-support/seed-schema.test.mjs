// schema/seed.schema.json against the engine: it compiles under Ajv's strict mode, accepts every
// seed document the docs, the fixture and exportSeed() show (and the engine applies them all), and
// refuses the bad documents the engine refuses, so editors and applySeed agree. Depends on ajv (a
// devDependency; no ajv-formats, hence patterns, not "format") and the built package in pkg/.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { KeyManagementService, wrapKeyMaterial } from "../js/node.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SCHEMA = "schema/seed.schema.json";
const FIXTURE = "examples/fixtures/kms-seed.json";
// The ```json blocks of the docs that are seed documents: the fixture in docs/testing.md and the
// "$schema" example beside it. Fewer means the scan found nothing to check.
const DOC_SEEDS = 2;

const read = (path) => readFileSync(join(ROOT, path), "utf8");
const warnings = [];
const ajv = new Ajv2020({
  strict: true,
  // KeyMaterial is an open tuple on purpose (the first entry has no RotationType, the rest do),
  // which strictTuples reports; the compile test pins that to the one warning.
  strictTuples: "log",
  allErrors: true,
  logger: { log() {}, warn: (m) => warnings.push(m), error: (m) => assert.fail(m) },
});
const validate = ajv.compile(JSON.parse(read(SCHEMA)));
const problems = () => ajv.errorsText(validate.errors);
const open = () => KeyManagementService.open({ clock: { start: "2026-01-01T00:00:00Z", frozen: true }, randomSeed: 5 });

function assertValid(doc, what) {
  assert.ok(validate(doc), `${what}: ${problems()}`);
}

// Documents built from one valid key, each changed in one way.
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const AES = Buffer.alloc(32, 1).toString("base64");
const MRK = "mrk-1234abcd12ab34cd56ef1234567890ab";
const key = (change = {}) => ({ Keys: [{ KeyId: KEY_ID, KeyMaterial: [{ Material: AES }], ...change }] });
const external = (material) => key({ Origin: "EXTERNAL", KeyMaterial: [{ Material: AES, ...material }] });
const rotated = (second) => key({ KeyMaterial: [{ Material: AES }, { Material: AES, ...second }] });
const importedId = createHash("sha256").update(KEY_ID).update(Buffer.alloc(32, 1)).digest("hex");
const statement = {
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:root" },
  Action: "kms:*",
  Resource: "*",
};

// Each refused document changes one member of an accepted one (mostly of the first three).
const accepted = [
  ["the base key", key()],
  ["the base EXTERNAL key", external({})],
  ["the base rotated key", rotated({ RotationType: "AUTOMATIC" })],
  ["an empty document", {}],
  ["no keys", { Keys: [] }],
  ["a bare KeyId", { Keys: [{ KeyId: KEY_ID }] }],
  ["a date without a time", key({ CreationDate: "2025-06-01" })],
  ["a time without Z or seconds", key({ CreationDate: "2025-06-01T12:30" })],
  ["a policy object with one statement", key({ Policy: { Version: "2012-10-17", Statement: statement } })],
  ["a second material rotated on demand", rotated({ RotationType: "ON_DEMAND", Date: "2026-01-01T00:00:00Z" })],
  ["imported material that expires", external({ ExpirationModel: "KEY_MATERIAL_EXPIRES", ValidTo: "2027-01-01" })],
  ["imported material's own id", external({ KeyMaterialId: importedId })],
  ["deleted imported material", key({ Origin: "EXTERNAL", KeyMaterial: [{ KeyMaterialId: importedId }] })],
  [
    "an HMAC key with rotation off",
    key({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC", KeyMaterial: [], Rotation: { Enabled: false } }),
  ],
  ["an ECC key for key agreement", key({ KeySpec: "ECC_NIST_P384", KeyUsage: "KEY_AGREEMENT", KeyMaterial: [] })],
  ["a key pending deletion", key({ KeyState: "PendingDeletion", DeletionDate: "2026-02-01T00:00:00Z" })],
  ["a key in another Region", key({ Region: "ap-southeast-2", Aliases: ["alias/sydney"] })],
  [
    "a multi-Region key and a replica that copies its material",
    {
      Keys: [
        { KeyId: MRK, KeyMaterial: [{ Material: AES }] },
        { KeyId: MRK, Region: "eu-west-1", PrimaryRegion: "us-east-1" },
      ],
    },
  ],
];

const refused = [
  ["an unknown top-level member", { Keys: [], Extra: 1 }],
  ["a $schema that is not a string", { $schema: 5, Keys: [] }],
  ["Keys that is not a list", { Keys: { KeyId: KEY_ID } }],
  ["an unknown key member", key({ Colour: "red" })],
  ["an unknown material member", key({ KeyMaterial: [{ Material: AES, Salt: "x" }] })],
  ["an unknown Rotation member", key({ Rotation: { Enabled: true, Every: "year" } })],
  ["a missing KeyId", { Keys: [{ Description: "no id" }] }],
  ["an uppercase KeyId", key({ KeyId: KEY_ID.toUpperCase() })],
  ["a PrimaryRegion on a single-Region key", key({ PrimaryRegion: "us-east-1" })],
  ["a multi-Region KeyId in capitals", key({ KeyId: "mrk-1234ABCD12AB34CD56EF1234567890AB" })],
  ["a KeySpec that does not exist", key({ KeySpec: "AES_256", KeyUsage: "ENCRYPT_DECRYPT" })],
  ["SM2, which kms-wasm does not implement", key({ KeySpec: "SM2", KeyUsage: "SIGN_VERIFY", KeyMaterial: [] })],
  ["an asymmetric key without KeyUsage", key({ KeySpec: "RSA_2048", KeyMaterial: [] })],
  ["a usage the KeySpec does not allow", key({ KeySpec: "HMAC_256", KeyUsage: "ENCRYPT_DECRYPT", KeyMaterial: [] })],
  ["a symmetric key that signs", key({ KeyUsage: "SIGN_VERIFY" })],
  ["an unknown Origin", key({ Origin: "AWS_CLOUDHSM" })],
  ["an unknown KeyState", key({ KeyState: "Deleted" })],
  ["a Region that is not a Region name", key({ Region: "Europe" })],
  ["a description over 8192 characters", key({ Description: "x".repeat(8193) })],
  ["a Tag without TagValue", key({ Tags: [{ TagKey: "team" }] })],
  ["a Tag key AWS reserves", key({ Tags: [{ TagKey: "AWS:team", TagValue: "x" }] })],
  ["51 tags", key({ Tags: Array.from({ length: 51 }, (_, i) => ({ TagKey: `t${i}`, TagValue: "" })) })],
  ["an alias without alias/", key({ Aliases: ["orders"] })],
  ["an alias AWS reserves", key({ Aliases: ["alias/aws/orders"] })],
  ["an alias twice", key({ Aliases: ["alias/a", "alias/a"] })],
  ["a date in words", key({ CreationDate: "June 1, 2025" })],
  ["a date with an offset", key({ CreationDate: "2025-06-01T00:00:00+02:00" })],
  ["a thirteenth month", key({ CreationDate: "2025-13-01" })],
  ["PendingDeletion without DeletionDate", key({ KeyState: "PendingDeletion" })],
  ["a DeletionDate on an enabled key", key({ DeletionDate: "2026-02-01T00:00:00Z" })],
  ["PendingImport with all material", key({ KeyState: "PendingImport" })],
  ["a symmetric key of 16 bytes", key({ KeyMaterial: [{ Material: Buffer.alloc(16).toString("base64") }] })],
  ["material that is not base64", key({ KeyMaterial: [{ Material: "not base64!" }] })],
  ["a KeyMaterialId that is not 64 hex digits", key({ KeyMaterial: [{ Material: AES, KeyMaterialId: "abc" }] })],
  ["AWS_KMS material without its bytes", key({ KeyMaterial: [{ KeyMaterialId: importedId }] })],
  ["a RotationType on the first material", key({ KeyMaterial: [{ Material: AES, RotationType: "AUTOMATIC" }] })],
  ["rotated material without RotationType", rotated({})],
  ["an unknown RotationType", rotated({ RotationType: "MANUAL" })],
  [
    "two materials on an HMAC key",
    key({
      KeySpec: "HMAC_256",
      KeyUsage: "GENERATE_VERIFY_MAC",
      KeyMaterial: [{ Material: AES }, { Material: AES, RotationType: "ON_DEMAND" }],
    }),
  ],
  [
    "rotation of an HMAC key",
    key({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC", Rotation: { Enabled: true } }),
  ],
  ["rotation of an EXTERNAL key", key({ Origin: "EXTERNAL", Rotation: { Enabled: true } })],
  ["a rotation period under 90 days", key({ Rotation: { Enabled: true, RotationPeriodInDays: 30 } })],
  ["Rotation without Enabled", key({ Rotation: { RotationPeriodInDays: 365 } })],
  ["KEY_MATERIAL_EXPIRES without ValidTo", external({ ExpirationModel: "KEY_MATERIAL_EXPIRES" })],
  ["ValidTo on material that does not expire", external({ ValidTo: "2027-01-01" })],
  [
    "expiry terms on AWS_KMS material",
    key({ KeyMaterial: [{ Material: AES, ExpirationModel: "KEY_MATERIAL_DOES_NOT_EXPIRE" }] }),
  ],
  ["an empty policy", key({ Policy: "" })],
  ["a policy object without Statement", key({ Policy: { Version: "2012-10-17" } })],
  [
    "a statement whose Effect is not Allow or Deny",
    key({ Policy: { Statement: [{ ...statement, Effect: "Maybe" }] } }),
  ],
  [
    "a statement without an Action",
    key({ Policy: { Statement: [{ Effect: "Allow", Principal: "*", Resource: "*" }] } }),
  ],
];

/** The seed documents among the ```json blocks of README.md and docs/*.md. */
function docSeeds() {
  const pages = [
    "README.md",
    ...readdirSync(join(ROOT, "docs")).flatMap((f) => (f.endsWith(".md") ? [`docs/${f}`] : [])),
  ];
  return pages.flatMap((page) =>
    [...read(page).matchAll(/^```json\n([\s\S]*?)^```$/gm)]
      .map((m) => JSON.parse(m[1]))
      .filter((doc) => doc !== null && typeof doc === "object" && "Keys" in doc)
      .map((doc, i) => ({ where: `${page} seed block ${i + 1}`, doc })),
  );
}

describe("seed document schema", () => {
  it("compiles in strict mode", () => {
    assert.equal(warnings.length, 1, warnings.join("\n"));
    assert.match(warnings[0], /"prefixItems" is 1-tuple.*#\/properties\/KeyMaterial/);
  });

  it("accepts the fixture, which names the schema by a path that resolves", async () => {
    const fixture = JSON.parse(read(FIXTURE));
    assertValid(fixture, FIXTURE);
    assert.ok(existsSync(resolve(ROOT, dirname(FIXTURE), fixture.$schema)), `${FIXTURE}: ${fixture.$schema}`);
    assert.equal(await (await open()).applySeed(fixture), 1);
  });

  it("accepts every seed document the docs show, and so does the engine", async () => {
    const seeds = docSeeds();
    assert.ok(seeds.length >= DOC_SEEDS, `expected ${DOC_SEEDS} seed documents in the docs, found ${seeds.length}`);
    for (const { where, doc } of seeds) {
      assertValid(doc, where);
      assert.match(doc.$schema ?? "", /schema\/seed\.schema\.json$/, `${where} names no schema`);
      assert.equal(await (await open()).applySeed(doc), doc.Keys.length, where);
    }
  });

  it("accepts what exportSeed() writes of a rich state, which applies again unchanged", async () => {
    const kms = await open();
    const make = async (input, view = kms) => (await view.createKey(input)).KeyMetadata.KeyId;
    const sym = await make({ Description: "rotated", Tags: [{ TagKey: "team", TagValue: "payments" }] });
    await kms.enableKeyRotation({ KeyId: sym, RotationPeriodInDays: 90 });
    await kms.rotateKeyOnDemand({ KeyId: sym });
    await kms.advanceClock(91 * 86_400); // past the period: an AUTOMATIC rotation too
    await kms.createAlias({ AliasName: "alias/rotated", TargetKeyId: sym });

    const ext = await make({ Origin: "EXTERNAL", Description: "imported" });
    const params = await kms.getParametersForImport({
      KeyId: ext,
      WrappingAlgorithm: "RSAES_OAEP_SHA_256",
      WrappingKeySpec: "RSA_2048",
    });
    await kms.importKeyMaterial({
      KeyId: ext,
      ImportToken: params.ImportToken,
      EncryptedKeyMaterial: wrapKeyMaterial({
        PublicKey: params.PublicKey,
        KeyMaterial: new Uint8Array(32).fill(7),
        WrappingAlgorithm: "RSAES_OAEP_SHA_256",
      }),
      ExpirationModel: "KEY_MATERIAL_EXPIRES",
      ValidTo: new Date("2027-01-01T00:00:00Z"),
    });
    await make({ Origin: "EXTERNAL", Description: "never imported" }); // PendingImport, no material

    await make({ KeySpec: "HMAC_384", KeyUsage: "GENERATE_VERIFY_MAC" });
    await make({ KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" });
    await make({ KeySpec: "ECC_NIST_P256", KeyUsage: "KEY_AGREEMENT" });
    await make({ KeySpec: "ECC_NIST_EDWARDS25519", KeyUsage: "SIGN_VERIFY" });
    await make({ KeySpec: "ML_DSA_65", KeyUsage: "SIGN_VERIFY" });
    await make({ KeySpec: "ML_KEM_768", KeyUsage: "ENCAPSULATE_DECAPSULATE" });

    const eu = kms.inRegion("eu-west-1");
    await eu.createAlias({ AliasName: "alias/eu", TargetKeyId: await make({ Description: "eu" }, eu) });
    const mrk = await make({ MultiRegion: true, Description: "multi-Region" });
    await kms.replicateKey({ KeyId: mrk, ReplicaRegion: "eu-west-1" });
    await kms.disableKey({ KeyId: await make({ Description: "disabled" }) });
    await kms.scheduleKeyDeletion({ KeyId: await make({ Description: "deleting" }), PendingWindowInDays: 7 });
    const policy = { Version: "2012-10-17", Statement: [{ Sid: "custom", ...statement }] };
    await make({ Description: "custom policy", Policy: JSON.stringify(policy) });

    const doc = await kms.exportSeed();
    assertValid(doc, "exportSeed()");
    const seen = (k) => doc.Keys.some(k);
    assert.ok(seen((k) => k.KeyMaterial?.some((m) => m.RotationType === "AUTOMATIC")));
    assert.ok(seen((k) => k.KeyMaterial?.some((m) => m.ValidTo)));
    assert.ok(seen((k) => k.KeyState === "PendingImport" && !k.KeyMaterial));
    assert.ok(seen((k) => k.Region === "eu-west-1" && k.Aliases?.includes("alias/eu")));
    assert.ok(seen((k) => k.KeyState === "PendingDeletion" && k.DeletionDate));
    assert.ok(seen((k) => k.KeySpec === "ML_DSA_65"));
    assert.ok(seen((k) => k.KeyId === mrk && k.Region === "eu-west-1" && k.PrimaryRegion === "us-east-1"));
    assert.ok(seen((k) => JSON.parse(k.Policy).Statement[0].Sid === "custom"));

    const copy = await open();
    const withSchema = { $schema: `../${SCHEMA}`, ...doc };
    assertValid(withSchema, "the export with $schema");
    assert.equal(await copy.applySeed(withSchema), doc.Keys.length);
    assert.deepEqual(await copy.exportSeed(), doc);
  });

  it("accepts the edge cases the engine accepts", async () => {
    const kms = await open();
    for (const [what, doc] of accepted) {
      assertValid(doc, what);
      await kms.applySeed(doc).catch((e) => assert.fail(`${what}: the engine refuses it: ${e.message}`));
    }
  });

  it("refuses what the engine refuses", async () => {
    const kms = await open();
    for (const [what, doc] of refused) {
      assert.equal(validate(doc), false, `${what}: the schema accepts it`);
      await assert.rejects(kms.applySeed(doc), /seed document/, `${what}: the engine accepts it`);
    }
    assert.deepEqual((await kms.exportSeed()).Keys, [], "a refused document changed the state");
  });
});
