//! `Engine::remove_keys`: keys taken out at once with their aliases and import tokens, in the
//! Region named and no other, nothing recorded in the audit log, and the removal saved as a
//! journal line that rebuilds the same state.

use super::*;
use crate::engine::Changes;

fn ids(f: &mut Fixture, who: &Caller) -> Vec<String> {
    let out = f.engine.call("ListKeys", "{}", who).unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut list: Vec<String> = v["Keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["KeyId"].as_str().unwrap().to_string())
        .collect();
    list.sort();
    list
}

fn reopen(snapshot: &str, journal: &str) -> Engine {
    Engine::restore_with_journal(
        Config::default(),
        Box::new(ManualClock::new(T0)),
        Box::new(SeededEntropy::new(2)),
        snapshot,
        journal,
    )
    .unwrap()
}

#[test]
fn keys_go_with_their_aliases_and_tokens_and_nothing_else() {
    let mut f = Fixture::new();
    let keep = f.key();
    let gone = f.key();
    let ext = f.ok("CreateKey", json!({"Origin": "EXTERNAL"}))["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/keep", "TargetKeyId": keep}),
    );
    f.ok(
        "CreateAlias",
        json!({"AliasName": "alias/gone", "TargetKeyId": gone}),
    );
    f.ok(
        "GetParametersForImport",
        json!({"KeyId": ext, "WrappingAlgorithm": "RSAES_OAEP_SHA_256", "WrappingKeySpec": "RSA_2048"}),
    );
    // A key in another Region is not touched, even when named.
    let eu = Caller {
        region: Some("eu-west-1".into()),
        ..Caller::default()
    };
    f.engine.call("CreateKey", "{}", &eu).unwrap();
    let eu_keys = ids(&mut f, &eu);
    drop(f.engine.take_changes());
    let saved = f.engine.snapshot();
    let events = f.events(AuditFilter::default()).len();

    let named = [
        gone.clone(),
        ext.clone(),
        "not-a-key".into(),
        eu_keys[0].clone(),
    ];
    assert_eq!(f.engine.remove_keys("us-east-1", &named), 2);
    // No API call, no audit event; saved as one journal line that rebuilds this state.
    assert_eq!(f.events(AuditFilter::default()).len(), events);
    let Changes::Records(change) = f.engine.take_changes() else {
        panic!("the removal is a change")
    };
    let journal = serde_json::to_string(&change).unwrap() + "\n";
    assert_eq!(reopen(&saved, &journal).snapshot(), f.engine.snapshot());
    let snap: Value = serde_json::from_str(&f.engine.snapshot()).unwrap();
    let state = &snap["state"];
    assert_eq!(state["keys"].as_object().unwrap().len(), 1);
    assert_eq!(
        state["imports"],
        json!({}),
        "the import token went with its key"
    );

    assert_eq!(ids(&mut f, &Caller::default()), vec![keep.clone()]);
    assert_eq!(ids(&mut f, &eu), eu_keys);
    let aliases = f.ok("ListAliases", json!({}))["Aliases"].clone();
    let names: Vec<&str> = aliases
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["AliasName"].as_str())
        .filter(|n| !n.starts_with("alias/aws/"))
        .collect();
    assert_eq!(names, vec!["alias/keep"]);
    let e = f.err("DescribeKey", json!({"KeyId": gone}));
    assert_eq!(e.code(), "NotFoundException");
    // In the other Region, by name.
    assert_eq!(f.engine.remove_keys("eu-west-1", &eu_keys), 1);
    assert!(ids(&mut f, &eu).is_empty());
    assert_eq!(ids(&mut f, &Caller::default()), vec![keep]);
}
