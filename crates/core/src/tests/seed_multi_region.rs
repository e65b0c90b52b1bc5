//! Multi-Region keys in seed documents: an export of a primary and its replica applies again
//! as the same set (ids, material, configuration, cross-Region decryption), a hand-written set
//! whose replicas copy the primary's material (given or drawn), and the sets refused.

use super::*;

const EU: &str = "eu-west-1";
const MRK: &str = "mrk-0123456789abcdef0123456789abcdef";

fn call_in(f: &mut Fixture, region: &str, op: &str, input: Value) -> Result<Value, KmsError> {
    let caller = Caller {
        region: Some(region.into()),
        ..Caller::default()
    };
    f.engine
        .call(op, &input.to_string(), &caller)
        .map(|s| serde_json::from_str(&s).unwrap())
}

fn config(f: &mut Fixture, region: &str, id: &str) -> Value {
    call_in(f, region, "DescribeKey", json!({"KeyId": id})).unwrap()["KeyMetadata"]
        ["MultiRegionConfiguration"]
        .clone()
}

#[test]
fn an_exported_multi_region_set_applies_again_as_the_same_set() {
    let mut f = Fixture::new();
    let created = f.ok("CreateKey", json!({"MultiRegion": true}));
    let id = created["KeyMetadata"]["KeyId"]
        .as_str()
        .unwrap()
        .to_string();
    f.ok("ReplicateKey", json!({"KeyId": id, "ReplicaRegion": EU}));
    let blob = f.encrypt(&id, b"across Regions");
    let exported = f.engine.export_seed();
    let doc: Value = serde_json::from_str(&exported).unwrap();
    let primaries: Vec<&Value> = doc["Keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| &k["PrimaryRegion"])
        .collect();
    assert_eq!(primaries, [&json!("us-east-1"), &json!("us-east-1")]);
    let mut g = Fixture::seeded(9);
    assert_eq!(g.engine.apply_seed(&exported).unwrap(), 2);
    assert_eq!(config(&mut g, EU, &id), config(&mut f, EU, &id));
    assert_eq!(
        config(&mut g, "us-east-1", &id),
        config(&mut f, "us-east-1", &id)
    );
    let there = call_in(&mut g, EU, "Decrypt", json!({"CiphertextBlob": blob})).unwrap();
    assert_eq!(unb64(&there["Plaintext"]), b"across Regions");
    assert_eq!(g.engine.export_seed(), exported);
}

#[test]
fn replicas_take_the_primarys_material_given_or_drawn() {
    for material in [Some(b64(&[7; 32])), None] {
        let primary = match &material {
            Some(m) => json!({"KeyId": MRK, "KeyMaterial": [{"Material": m}]}),
            None => json!({"KeyId": MRK}),
        };
        // The replica comes first: a set is read from the whole document.
        let doc =
            json!({"Keys": [{"KeyId": MRK, "Region": EU, "PrimaryRegion": "us-east-1"}, primary]});
        let mut f = Fixture::new();
        f.engine.apply_seed(&doc.to_string()).unwrap();
        let blob = f.encrypt(MRK, b"one material");
        let there = call_in(&mut f, EU, "Decrypt", json!({"CiphertextBlob": blob})).unwrap();
        assert_eq!(unb64(&there["Plaintext"]), b"one material");
        let c = config(&mut f, EU, MRK);
        assert_eq!(c["MultiRegionKeyType"], json!("REPLICA"));
        assert_eq!(c["PrimaryKey"]["Region"], json!("us-east-1"));
        assert_eq!(
            config(&mut f, "us-east-1", MRK)["ReplicaKeys"][0]["Region"],
            json!(EU)
        );
    }
}

#[test]
fn sets_that_are_not_sets_are_refused_and_change_nothing() {
    let m = |b: u8| json!([{"Material": b64(&[b; 32])}]);
    let cases = [
        (
            json!([{"KeyId": "11111111-2222-4333-8444-555555555555", "PrimaryRegion": EU}]),
            "PrimaryRegion: only a multi-Region key (an mrk- KeyId) has a primary Region",
        ),
        (
            json!([{"KeyId": MRK, "Region": EU, "PrimaryRegion": "us-west-2"}]),
            "none is in the PrimaryRegion us-west-2",
        ),
        (
            json!([{"KeyId": MRK}, {"KeyId": MRK, "Region": EU}]),
            "name different PrimaryRegions",
        ),
        (
            json!([{"KeyId": MRK, "KeyMaterial": m(1)},
                   {"KeyId": MRK, "Region": EU, "PrimaryRegion": "us-east-1", "KeyMaterial": m(2)}]),
            "a replica's material is its primary's (leave it out to copy it)",
        ),
        (
            json!([{"KeyId": MRK},
                   {"KeyId": MRK, "Region": EU, "PrimaryRegion": "us-east-1",
                    "KeySpec": "HMAC_256", "KeyUsage": "GENERATE_VERIFY_MAC"}]),
            "a replica has its primary's KeySpec, KeyUsage and Origin",
        ),
        (json!([{"KeyId": "mrk-0123"}]), "must be a lowercase UUID"),
    ];
    let mut f = Fixture::new();
    for (keys, why) in cases {
        let e = f
            .engine
            .apply_seed(&json!({"Keys": keys}).to_string())
            .unwrap_err();
        assert_eq!(e.code(), "ValidationException");
        assert!(
            e.message().unwrap_or_default().contains(why),
            "{e:?} / {why}"
        );
        assert_eq!(f.ok("ListKeys", json!({}))["Keys"], json!([]));
    }
}
