//! Taking keys out of the state at once (`Engine::remove_keys`): an emulator convenience for
//! test suites and the console's "Reset this lesson". AWS KMS has no counterpart (it only
//! schedules a deletion 7 to 30 days ahead), so no audit event is recorded and the keys' past
//! events stay in the log. Depends on the engine's state, Regions and change tracking.

use super::Engine;

impl Engine {
    /// Removes the keys with these bare ids from `region` of the service's own account, with
    /// the aliases that point at them and their outstanding import tokens. Ids not found there
    /// are ignored; returns how many keys went. A removed multi-Region key's other Regions keep
    /// their own copies.
    pub fn remove_keys(&mut self, region: &str, ids: &[String]) -> usize {
        self.enter_region(region);
        let mut gone = Vec::new();
        for id in ids {
            if self.state.keys.remove(id).is_some() {
                self.touch_key(id);
                gone.push(id.clone());
            }
        }
        let aliases: Vec<String> = self
            .state
            .aliases
            .iter()
            .filter(|(_, a)| gone.contains(&a.target_key_id))
            .map(|(name, _)| name.clone())
            .collect();
        for name in aliases {
            self.state.aliases.remove(&name);
            self.touch_alias(&name);
        }
        let tokens: Vec<String> = self
            .state
            .imports
            .iter()
            .filter(|(_, p)| gone.contains(&p.key_id))
            .map(|(token, _)| token.clone())
            .collect();
        for token in tokens {
            self.state.imports.remove(&token);
            self.touch_import(&token);
        }
        self.go_home();
        gone.len()
    }
}
