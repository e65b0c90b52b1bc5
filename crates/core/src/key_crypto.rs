//! The cryptography of every key type but symmetric encryption keys (HMAC, RSA, ECC,
//! Ed25519, ML-DSA and ML-KEM), as an injected provider like `env::Rsa` and for the same reason: the code is big
//! and symmetric-only use never needs it. Natively it is kms-wasm-extras (`keypairs`, `mac`),
//! linked in; on wasm32 the bindings install one that calls the extras module through JS.
//! Specs and algorithms cross as AWS names. Depends on nothing else in the crate.

/// `Err` means the provider itself failed (the extras module is not loaded, say); a key, a
/// signature or a ciphertext that does not work is `Ok(None)` / `Ok(false)`.
pub trait KeyCrypto {
    /// A private key of `spec` as PKCS#8 DER from a 32-byte seed: the same seed gives the
    /// same key, so a seeded service stays deterministic.
    fn generate(&self, spec: &str, seed: &[u8; 32]) -> Result<Option<Vec<u8>>, String>;
    /// The canonical PKCS#8 DER of the private key `der` holds, if it is a key of `spec`.
    fn private_key(&self, spec: &str, der: &[u8]) -> Result<Option<Vec<u8>>, String>;
    /// The DER SubjectPublicKeyInfo of a PKCS#8 private key of `spec`.
    fn public_key(&self, spec: &str, pkcs8: &[u8]) -> Result<Option<Vec<u8>>, String>;
    /// A signature (`digest`: the message is already the hash, or ML-DSA's μ for
    /// EXTERNAL_MU), randomised from `seed` where the algorithm is randomised.
    fn sign(&self, req: &SignInput, seed: &[u8; 32]) -> Result<Option<Vec<u8>>, String>;
    /// Whether `signature` is valid for the request.
    fn verify(&self, req: &SignInput, signature: &[u8]) -> Result<bool, String>;
    /// RSA-OAEP encryption with the key's public half.
    fn encrypt(&self, req: &CipherInput, seed: &[u8; 32]) -> Result<Option<Vec<u8>>, String>;
    /// RSA-OAEP decryption; `None` when the ciphertext does not decrypt.
    fn decrypt(&self, req: &CipherInput) -> Result<Option<Vec<u8>>, String>;
    /// The raw ECDH shared secret with the peer's DER SubjectPublicKeyInfo.
    fn derive(&self, spec: &str, pkcs8: &[u8], peer: &[u8]) -> Result<Option<Vec<u8>>, String>;
    /// RFC 2104 HMAC of `message` under `key` with a MacAlgorithmSpec (`HMAC_SHA_256`, ...).
    fn mac(&self, algorithm: &str, key: &[u8], message: &[u8]) -> Result<Option<Vec<u8>>, String>;
    /// ML-KEM encapsulation to the key's public half: the 32-byte shared secret followed by
    /// the ciphertext, FIPS 203's m drawn from `seed`.
    fn encapsulate(
        &self,
        spec: &str,
        pkcs8: &[u8],
        seed: &[u8; 32],
    ) -> Result<Option<Vec<u8>>, String>;
    /// ML-KEM decapsulation: the shared secret (`None`: the ciphertext has the wrong length).
    fn decapsulate(
        &self,
        spec: &str,
        pkcs8: &[u8],
        ciphertext: &[u8],
    ) -> Result<Option<Vec<u8>>, String>;
}

/// What Sign and Verify hand the provider.
pub struct SignInput<'a> {
    pub spec: &'a str,
    pub pkcs8: &'a [u8],
    pub algorithm: &'a str,
    /// MessageType DIGEST, or EXTERNAL_MU for ML-DSA: the message is already processed.
    pub digest: bool,
    pub message: &'a [u8],
}

/// What RSA Encrypt and Decrypt hand the provider (`data`: plaintext or ciphertext).
pub struct CipherInput<'a> {
    pub spec: &'a str,
    pub pkcs8: &'a [u8],
    pub algorithm: &'a str,
    pub data: &'a [u8],
}

/// Native builds, and the extras module (feature `linked-extras`): kms-wasm-extras, linked in.
#[cfg(any(not(target_arch = "wasm32"), feature = "linked-extras"))]
pub struct ExtrasKeyCrypto;

#[cfg(any(not(target_arch = "wasm32"), feature = "linked-extras"))]
impl KeyCrypto for ExtrasKeyCrypto {
    fn generate(&self, spec: &str, seed: &[u8; 32]) -> Result<Option<Vec<u8>>, String> {
        Ok(kms_wasm_extras::keypairs::generate(spec, seed))
    }
    fn private_key(&self, spec: &str, der: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Ok(kms_wasm_extras::keypairs::private_key(spec, der))
    }
    fn public_key(&self, spec: &str, pkcs8: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Ok(kms_wasm_extras::keypairs::public_key(spec, pkcs8))
    }
    fn sign(&self, r: &SignInput, seed: &[u8; 32]) -> Result<Option<Vec<u8>>, String> {
        Ok(kms_wasm_extras::keypairs::sign(
            r.spec,
            r.pkcs8,
            r.algorithm,
            r.digest,
            r.message,
            seed,
        ))
    }
    fn verify(&self, r: &SignInput, signature: &[u8]) -> Result<bool, String> {
        Ok(kms_wasm_extras::keypairs::verify(
            r.spec,
            r.pkcs8,
            r.algorithm,
            r.digest,
            r.message,
            signature,
        ))
    }
    fn encrypt(&self, r: &CipherInput, seed: &[u8; 32]) -> Result<Option<Vec<u8>>, String> {
        Ok(kms_wasm_extras::keypairs::encrypt(
            r.spec,
            r.pkcs8,
            r.algorithm,
            r.data,
            seed,
        ))
    }
    fn decrypt(&self, r: &CipherInput) -> Result<Option<Vec<u8>>, String> {
        Ok(kms_wasm_extras::keypairs::decrypt(
            r.spec,
            r.pkcs8,
            r.algorithm,
            r.data,
        ))
    }
    fn derive(&self, spec: &str, pkcs8: &[u8], peer: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Ok(kms_wasm_extras::keypairs::derive_shared_secret(
            spec, pkcs8, peer,
        ))
    }
    fn mac(&self, algorithm: &str, key: &[u8], message: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Ok(kms_wasm_extras::mac::hmac(algorithm, key, message))
    }
    fn encapsulate(
        &self,
        spec: &str,
        pkcs8: &[u8],
        seed: &[u8; 32],
    ) -> Result<Option<Vec<u8>>, String> {
        Ok(kms_wasm_extras::keypairs::encapsulate(spec, pkcs8, seed))
    }
    fn decapsulate(&self, spec: &str, pkcs8: &[u8], ct: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Ok(kms_wasm_extras::keypairs::decapsulate(spec, pkcs8, ct))
    }
}

/// wasm32 until the bindings install the JS-backed provider: every request fails, saying why.
#[cfg(target_arch = "wasm32")]
pub struct NoKeyCrypto;

#[cfg(target_arch = "wasm32")]
impl KeyCrypto for NoKeyCrypto {
    fn generate(&self, _: &str, _: &[u8; 32]) -> Result<Option<Vec<u8>>, String> {
        Err(WHY.into())
    }
    fn private_key(&self, _: &str, _: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Err(WHY.into())
    }
    fn public_key(&self, _: &str, _: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Err(WHY.into())
    }
    fn sign(&self, _: &SignInput, _: &[u8; 32]) -> Result<Option<Vec<u8>>, String> {
        Err(WHY.into())
    }
    fn verify(&self, _: &SignInput, _: &[u8]) -> Result<bool, String> {
        Err(WHY.into())
    }
    fn encrypt(&self, _: &CipherInput, _: &[u8; 32]) -> Result<Option<Vec<u8>>, String> {
        Err(WHY.into())
    }
    fn decrypt(&self, _: &CipherInput) -> Result<Option<Vec<u8>>, String> {
        Err(WHY.into())
    }
    fn derive(&self, _: &str, _: &[u8], _: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Err(WHY.into())
    }
    fn mac(&self, _: &str, _: &[u8], _: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Err(WHY.into())
    }
    fn encapsulate(&self, _: &str, _: &[u8], _: &[u8; 32]) -> Result<Option<Vec<u8>>, String> {
        Err(WHY.into())
    }
    fn decapsulate(&self, _: &str, _: &[u8], _: &[u8]) -> Result<Option<Vec<u8>>, String> {
        Err(WHY.into())
    }
}

#[cfg(target_arch = "wasm32")]
const WHY: &str = "this engine has no provider for HMAC and asymmetric keys";

/// The provider an engine starts with.
pub fn default_key_crypto() -> Box<dyn KeyCrypto> {
    #[cfg(not(target_arch = "wasm32"))]
    return Box::new(ExtrasKeyCrypto);
    #[cfg(target_arch = "wasm32")]
    return Box::new(NoKeyCrypto);
}
