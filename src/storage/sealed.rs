//! Encryption of a file store at rest: with a passphrase, the state file is an
//! envelope `{"kmsWasmEncrypted":1,"kdf":"argon2id","m":..,"t":..,"p":..,"salt":..,"nonce":..,
//! "data":..}` (AES-256-GCM over the snapshot text) and each journal line is
//! `base64(nonce | AES-256-GCM(line))`, under one key derived from the passphrase with Argon2id
//! and the salt kept in the envelope. Argon2id runs in the extras module (`crate::extras`), so
//! it is loaded only for encrypted files. Depends on `extras`, the crate's AEAD, getrandom,
//! base64 and zeroize.

use crate::crypto::aead::{self, NONCE_LEN};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// OWASP's Argon2id minimum: 19 MiB, 2 passes, 1 lane.
const M_COST: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;
const SALT_LEN: usize = 16;
const SNAPSHOT_AAD: &[u8] = b"kms-wasm state snapshot";
const JOURNAL_AAD: &[u8] = b"kms-wasm state journal line";

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    kms_wasm_encrypted: u32,
    kdf: String,
    m: u32,
    t: u32,
    p: u32,
    salt: String,
    nonce: String,
    data: String,
}

/// The key of one encrypted state file.
pub struct Sealer {
    key: Zeroizing<[u8; 32]>,
    salt: Vec<u8>,
    params: (u32, u32, u32),
}

/// Whether a state file's text is an encrypted envelope (not a plain snapshot).
pub fn is_sealed(text: &str) -> bool {
    text.trim_start().starts_with("{\"kmsWasmEncrypted\"")
}

fn derive(
    passphrase: &str,
    salt: &[u8],
    (m, t, p): (u32, u32, u32),
) -> Result<Zeroizing<[u8; 32]>, String> {
    // Bounds on what a file may ask for, so a hostile file cannot make open() take forever.
    if !(8..=1 << 20).contains(&m) || !(1..=10).contains(&t) || !(1..=4).contains(&p) {
        return Err("its key derivation parameters are out of range".into());
    }
    crate::extras::argon2id(passphrase.as_bytes(), salt, (m, t, p))
        .map_err(|e| format!("key derivation: {e}"))
}

fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|_| "no secure random source".to_string())?;
    Ok(b)
}

impl Sealer {
    /// A key for a new file: a fresh random salt.
    pub fn new(passphrase: &str) -> Result<Self, String> {
        let salt = random::<SALT_LEN>()?.to_vec();
        let params = (M_COST, T_COST, P_COST);
        Ok(Self {
            key: derive(passphrase, &salt, params)?,
            salt,
            params,
        })
    }

    /// The key of an existing file, and its snapshot text. `Err` says why (never echoing the
    /// passphrase): not an envelope, or a wrong passphrase (or an altered file).
    pub fn open(passphrase: &str, text: &str) -> Result<(Self, String), String> {
        let env: Envelope = serde_json::from_str(text)
            .map_err(|e| format!("its encryption envelope is corrupt: {e}"))?;
        if env.kms_wasm_encrypted != 1 || env.kdf != "argon2id" {
            return Err(format!(
                "it is encrypted in a format this version does not know (version {}, {})",
                env.kms_wasm_encrypted, env.kdf
            ));
        }
        let bytes = |s: &str| {
            STANDARD
                .decode(s)
                .map_err(|_| "its encryption envelope is corrupt".to_string())
        };
        let (salt, nonce, data) = (bytes(&env.salt)?, bytes(&env.nonce)?, bytes(&env.data)?);
        let params = (env.m, env.t, env.p);
        let sealer = Self {
            key: derive(passphrase, &salt, params)?,
            salt,
            params,
        };
        let plain = aead::open(sealer.key.as_ref(), &nonce, &data, SNAPSHOT_AAD)
            .ok_or_else(|| "wrong passphrase, or the file was altered".to_string())?;
        let text =
            String::from_utf8(plain).map_err(|_| "its decrypted state is not text".to_string())?;
        Ok((sealer, text))
    }

    pub fn seal_snapshot(&self, snapshot: &str) -> Result<String, String> {
        let nonce = random::<NONCE_LEN>()?;
        let data = aead::seal(self.key.as_ref(), &nonce, snapshot.as_bytes(), SNAPSHOT_AAD)
            .ok_or("encryption failed")?;
        let (m, t, p) = self.params;
        serde_json::to_string(&Envelope {
            kms_wasm_encrypted: 1,
            kdf: "argon2id".into(),
            m,
            t,
            p,
            salt: STANDARD.encode(&self.salt),
            nonce: STANDARD.encode(nonce),
            data: STANDARD.encode(data),
        })
        .map_err(|e| e.to_string())
    }

    pub fn seal_line(&self, line: &str) -> Result<String, String> {
        let nonce = random::<NONCE_LEN>()?;
        let data = aead::seal(self.key.as_ref(), &nonce, line.as_bytes(), JOURNAL_AAD)
            .ok_or("encryption failed")?;
        Ok(STANDARD.encode([nonce.as_slice(), &data].concat()))
    }

    pub fn open_line(&self, line: &str) -> Option<String> {
        let raw = STANDARD.decode(line.trim()).ok()?;
        if raw.len() < NONCE_LEN {
            return None;
        }
        let (nonce, data) = raw.split_at(NONCE_LEN);
        String::from_utf8(aead::open(self.key.as_ref(), nonce, data, JOURNAL_AAD)?).ok()
    }
}
