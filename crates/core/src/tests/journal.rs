//! Journaled saving: a snapshot plus the change lines `take_changes` hands out must rebuild
//! exactly the engine's state, whatever happened in between (rotation over time, deletion,
//! imports, aliases, tags, reset), and a cut-off last line is ignored.

use super::*;
use crate::engine::Changes;
use crate::model::SnapshotError;

/// Drains the engine's changes into a journal (or a new base snapshot after a reset).
fn save(f: &mut Fixture, base: &mut String, journal: &mut String) {
    match f.engine.take_changes() {
        Changes::Nothing => {}
        Changes::Records(change) => {
            journal.push_str(&serde_json::to_string(&change).unwrap());
            journal.push('\n');
        }
        Changes::Everything => {
            *base = f.engine.snapshot();
            journal.clear();
        }
    }
}

fn reopen(base: &str, journal: &str) -> Result<Engine, SnapshotError> {
    Engine::restore_with_journal(
        Config::default(),
        Box::new(ManualClock::new(T0)),
        Box::new(SeededEntropy::new(2)),
        base,
        journal,
    )
}

#[test]
fn snapshot_plus_journal_rebuilds_the_state_exactly() {
    let mut f = Fixture::new();
    let mut base = f.engine.snapshot();
    let mut journal = String::new();
    let a = f.key();
    save(&mut f, &mut base, &mut journal);
    let b = f.key();
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/a", "TargetKeyId": a}),
    );
    f.ok(
        "TagResource",
        json!({"KeyId": a, "Tags": [{"TagKey": "t", "TagValue": "1"}]}),
    );
    save(&mut f, &mut base, &mut journal);
    f.ok(
        "EnableKeyRotation",
        json!({"KeyId": a, "RotationPeriodInDays": 90}),
    );
    f.encrypt(&a, b"read-only calls only add audit events");
    save(&mut f, &mut base, &mut journal);
    f.engine.advance_clock(200.0 * DAY).unwrap();
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/b", "TargetKeyId": b}),
    );
    f.ok(
        "ScheduleKeyDeletion",
        json!({"KeyId": b, "PendingWindowInDays": 7}),
    );
    save(&mut f, &mut base, &mut journal);
    f.engine.advance_clock(8.0 * DAY).unwrap();
    f.ok("ListKeys", json!({}));
    f.ok("CreateKey", json!({"Origin": "EXTERNAL"}));
    let ext = f.ok("ListKeys", json!({}))["Keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["KeyId"].as_str().unwrap().to_string())
        .find(|k| *k != a)
        .unwrap();
    f.ok("GetParametersForImport", json!({"KeyId": ext, "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"}));
    save(&mut f, &mut base, &mut journal);
    let rebuilt = reopen(&base, &journal).unwrap();
    assert_eq!(rebuilt.snapshot(), f.engine.snapshot());
    assert!(journal.lines().count() >= 5);
    // Replaying a journal over the snapshot that already contains it changes nothing.
    let doubled = reopen(&f.engine.snapshot(), &journal).unwrap();
    assert_eq!(doubled.snapshot(), f.engine.snapshot());
    // After a reset the store starts a new base.
    f.engine.reset();
    f.key();
    save(&mut f, &mut base, &mut journal);
    save(&mut f, &mut base, &mut journal);
    assert_eq!(
        reopen(&base, &journal).unwrap().snapshot(),
        f.engine.snapshot()
    );
}

#[test]
fn a_cut_off_last_line_is_ignored_but_a_bad_middle_line_is_refused() {
    let mut f = Fixture::new();
    let base = f.engine.snapshot();
    let mut journal = String::new();
    let mut ignored = String::new();
    f.key();
    save(&mut f, &mut ignored, &mut journal);
    let before_torn = f.engine.snapshot();
    f.key();
    let Changes::Records(torn) = f.engine.take_changes() else {
        panic!("a change was expected")
    };
    let torn = serde_json::to_string(&torn).unwrap();
    let cut = format!("{journal}{}", &torn[..torn.len() / 2]);
    assert_eq!(reopen(&base, &cut).unwrap().snapshot(), before_torn);
    let bad = format!("{{nonsense\n{journal}");
    assert!(matches!(
        reopen(&base, &bad),
        Err(SnapshotError::Corrupt(_))
    ));
    let newer = journal.replace("{\"v\":4", "{\"v\":9");
    assert!(matches!(
        reopen(&base, &newer),
        Err(SnapshotError::TooNew(9))
    ));
}

#[test]
fn a_change_holds_only_what_it_touched() {
    let mut f = Fixture::new();
    for _ in 0..50 {
        f.key();
    }
    f.engine.take_changes();
    let id = f.key();
    let Changes::Records(change) = f.engine.take_changes() else {
        panic!("a change was expected")
    };
    let change = serde_json::to_value(&change).unwrap();
    assert_eq!(
        change["keys"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        [&id]
    );
    assert_eq!(change["audit"].as_array().unwrap().len(), 1);
    assert_eq!(f.engine.take_changes(), Changes::Nothing);
}

#[test]
fn checkpoints_return_the_whole_state() {
    let mut f = Fixture::new();
    let id = f.key();
    f.engine.take_changes();
    let cp = f.engine.checkpoint();
    let before = f.engine.snapshot();
    f.ok("ScheduleKeyDeletion", json!({"KeyId": id}));
    f.key();
    f.engine.advance_clock(40.0 * DAY).unwrap();
    f.engine.restore_checkpoint(&cp);
    assert_eq!(f.engine.snapshot(), before);
    assert_eq!(f.engine.take_changes(), Changes::Everything);
    f.ok("DescribeKey", json!({"KeyId": id}));
}

#[test]
fn unsaved_events_taken_out_are_merged_back_once() {
    let mut f = Fixture::new();
    let id = f.ok("CreateKey", json!({}))["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    let saved = f.engine.snapshot();
    let saved_seq = f.engine.event_seq();
    f.ok("Encrypt", json!({"KeyId": id, "Plaintext": "AAEC"}));
    let _ = f.call("Decrypt", json!({"CiphertextBlob": "AAAA"}));
    let stash = f.engine.audit_after(saved_seq);
    assert!(
        !stash.contains("AAEC"),
        "no plaintext in the stash: {stash}"
    );

    // A later opening from the saved snapshot: the stash brings both events back, once.
    let mut g = reopen(&saved, "").unwrap();
    assert_eq!(g.merge_audit(&stash).unwrap(), 2);
    assert_eq!(g.merge_audit(&stash).unwrap(), 0, "already held: skipped");
    let names: Vec<String> = g
        .audit_log(&AuditFilter::default())
        .iter()
        .map(|e| e["eventName"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["CreateKey", "Encrypt", "Decrypt"]);
    assert_eq!(g.event_seq(), f.engine.event_seq());
    assert!(g.merge_audit("{\"not\":\"a list\"}").is_err());
    assert_eq!(
        g.event_seq(),
        f.engine.event_seq(),
        "refused text changes nothing"
    );
}
