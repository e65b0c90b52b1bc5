// GetKeyLastUsage through the built package: the last use of a key survives the file store's
// close and reopen (its Encrypt is a read-only call, saved with its audit event), through the
// JS API, the raw AWS JSON 1.1 entry point and @aws-sdk/client-kms's GetKeyLastUsageCommand.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { GetKeyLastUsageCommand } from "@aws-sdk/client-kms";
import { bodyText, bytes, KeyManagementService, rejects, START, START_MS, tempDir } from "./helpers.mjs";
import { clientInProcess } from "./sdk-support.mjs";

const openFile = (file) => KeyManagementService.open({ file, clock: { start: START, frozen: true } });

/** A file store with a used key and an unused one, closed; the use's audit event. */
async function usedThenClosed(t) {
  const file = join(await tempDir(t), "kms.json");
  const kms = await openFile(file);
  const used = (await kms.createKey({})).KeyMetadata.KeyId;
  const unused = (await kms.createKey({})).KeyMetadata.KeyId;
  await kms.advanceClock(60);
  await kms.encrypt({ KeyId: used, Plaintext: bytes("kept") });
  await kms.describeKey({ KeyId: used });
  const [event] = await kms.auditLog({ keyId: used, eventName: "Encrypt" });
  await kms.close();
  return { file, used, unused, event };
}

describe("GetKeyLastUsage", () => {
  test("the last use survives closing and reopening the file store", async (t) => {
    const { file, used, unused, event } = await usedThenClosed(t);
    const kms = await openFile(file);
    const r = await kms.getKeyLastUsage({ KeyId: used });
    assert.equal(r.KeyId, used);
    assert.deepEqual(r.KeyLastUsage, {
      Operation: "Encrypt",
      Timestamp: new Date(START_MS + 60_000),
      CloudTrailEventId: event.eventID,
      KmsRequestId: event.requestID,
    });
    assert.equal(r.TrackingStartDate.getTime(), START_MS);
    assert.equal(r.KeyCreationDate.getTime(), START_MS);
    assert.deepEqual((await kms.getKeyLastUsage({ KeyId: unused })).KeyLastUsage, {});

    // On the wire: epoch seconds, and an empty object for a key never used.
    const w = await kms.handle("TrentService.GetKeyLastUsage", JSON.stringify({ KeyId: unused }));
    assert.equal(w.status, 200);
    assert.deepEqual(JSON.parse(bodyText(w.body)), {
      KeyId: unused,
      KeyLastUsage: {},
      TrackingStartDate: START_MS / 1000,
      KeyCreationDate: START_MS / 1000,
    });
    await rejects(kms.getKeyLastUsage({ KeyId: "alias/none" }), "NotFoundException");
    await kms.close();
  });

  test("@aws-sdk/client-kms's GetKeyLastUsageCommand through requestHandler()", async (t) => {
    const { file, used, unused, event } = await usedThenClosed(t);
    const kms = await openFile(file);
    const client = clientInProcess(kms);
    const r = await client.send(new GetKeyLastUsageCommand({ KeyId: used }));
    assert.equal(r.KeyLastUsage.Operation, "Encrypt");
    assert.equal(r.KeyLastUsage.Timestamp.getTime(), START_MS + 60_000);
    assert.equal(r.KeyLastUsage.CloudTrailEventId, event.eventID);
    assert.equal(r.KeyLastUsage.KmsRequestId, event.requestID);
    assert.equal(r.TrackingStartDate.getTime(), START_MS);
    assert.equal(r.KeyCreationDate.getTime(), START_MS);
    const never = await client.send(new GetKeyLastUsageCommand({ KeyId: unused }));
    assert.deepEqual(never.KeyLastUsage, {});
    client.destroy();
    await kms.close();
  });
});
