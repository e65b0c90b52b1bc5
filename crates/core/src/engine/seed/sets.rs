//! Multi-Region keys in a seed document: the entries with one `mrk-` id form a set whose
//! primary is the entry in its `PrimaryRegion`. A replica shares what AWS keeps alike across
//! a set: spec, usage and origin must match the primary's, its rotation is the primary's, and
//! its material is the primary's (given again, or left out to be copied). Depends on `model`
//! and the seed module's `bad` and `SeedPlan`.

use super::{bad, SeedPlan};
use crate::api::Origin;
use crate::error::KmsError;
use crate::model::arn_region;

/// Links each set of the plan: every member learns its replicas, replicas take the primary's
/// rotation and (when they give none) its material. A replica of a primary whose material
/// the service draws is left empty here and filled by `copy_drawn_material` when applied.
pub(super) fn link_sets(plan: &mut SeedPlan) -> Result<(), KmsError> {
    let mut ids: Vec<String> = Vec::new();
    for k in plan.keys.iter().filter(|k| k.multi_region.is_some()) {
        if !ids.contains(&k.id) {
            ids.push(k.id.clone());
        }
    }
    for id in ids {
        let members: Vec<usize> = (0..plan.keys.len())
            .filter(|&i| plan.keys[i].id == id)
            .collect();
        let at = format!("the entries of {id}");
        let primary_region = plan.keys[members[0]]
            .multi_region
            .as_ref()
            .map(|m| m.primary.clone())
            .unwrap_or_default();
        let region_of = |i: usize| {
            arn_region(&plan.keys[i].arn)
                .unwrap_or_default()
                .to_string()
        };
        let regions: Vec<String> = members.iter().map(|&i| region_of(i)).collect();
        let same_primary = members.iter().all(|&i| {
            plan.keys[i]
                .multi_region
                .as_ref()
                .is_some_and(|m| m.primary == primary_region)
        });
        if !same_primary {
            return Err(bad(&at, "name different PrimaryRegions"));
        }
        let Some(at_primary) = regions.iter().position(|r| *r == primary_region) else {
            return Err(bad(
                &at,
                format!("none is in the PrimaryRegion {primary_region}"),
            ));
        };
        let p = members[at_primary];
        let primary_drawn = plan.generate.contains(&plan.keys[p].arn);
        for &r in members.iter().filter(|&&i| i != p) {
            link_replica(plan, p, r, primary_drawn)?;
        }
        let mut replica_regions = regions;
        replica_regions.remove(at_primary);
        for &i in &members {
            if let Some(m) = plan.keys[i].multi_region.as_mut() {
                m.replicas = replica_regions.clone();
            }
        }
    }
    Ok(())
}

/// Checks replica `r` against primary `p` and gives it what it shares with the primary.
fn link_replica(plan: &mut SeedPlan, p: usize, r: usize, drawn: bool) -> Result<(), KmsError> {
    let (primary, replica) = (&plan.keys[p], &plan.keys[r]);
    let at = format!(
        "{} in {}",
        replica.id,
        arn_region(&replica.arn).unwrap_or_default()
    );
    if (&replica.key_spec, &replica.key_usage, replica.origin)
        != (&primary.key_spec, &primary.key_usage, primary.origin)
    {
        return Err(bad(
            &at,
            "a replica has its primary's KeySpec, KeyUsage and Origin",
        ));
    }
    let gives_own = !plan.generate.contains(&replica.arn) && !replica.materials.is_empty();
    let ids = |k: &crate::model::Key| k.materials.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    if gives_own && (drawn || ids(replica) != ids(primary)) {
        return Err(bad(
            &format!("{at}.KeyMaterial"),
            "a replica's material is its primary's (leave it out to copy it)",
        ));
    }
    let rotation = primary.rotation.clone();
    let materials = primary.materials.clone();
    let external = primary.origin == Origin::External;
    let arn = replica.arn.clone();
    plan.generate.retain(|a| *a != arn);
    let replica = &mut plan.keys[r];
    replica.rotation = rotation;
    if drawn {
        replica.materials.clear();
    } else if !gives_own {
        // Imported material is per Region: a replica that names none has not imported it.
        replica.materials = materials;
        if external {
            for m in &mut replica.materials {
                m.secret = None;
            }
        }
    }
    Ok(())
}
