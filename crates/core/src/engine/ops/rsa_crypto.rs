//! The RSA halves of Encrypt, Decrypt and ReEncrypt: raw RSAES-OAEP (MGF1 with the same hash,
//! no label) with an RSA ENCRYPT_DECRYPT key, no envelope and no encryption context ("Asymmetric
//! key specs", https://docs.aws.amazon.com/kms/latest/developerguide/asymmetric-key-specs.html).
//! Depends on `pairs` and `key_specs`.

use crate::api::shapes::EncryptionContext;
use crate::engine::cx::Cx;
use crate::engine::key_specs::SpecKind;
use crate::engine::pairs::{private_of, unavailable};
use crate::error::KmsError;
use crate::key_crypto::CipherInput;

/// The longest plaintext RSAES-OAEP takes: modulus bytes − 2 × hash bytes − 2.
pub(super) fn max_plaintext(bits: usize, algorithm: &str) -> usize {
    let hash = if algorithm == "RSAES_OAEP_SHA_1" {
        20
    } else {
        32
    };
    bits / 8 - 2 * hash - 2
}

/// AWS takes an encryption context only with symmetric keys.
pub(super) fn no_context(ctx: &Option<EncryptionContext>) -> Result<(), KmsError> {
    if ctx.as_ref().is_some_and(|c| !c.is_empty()) {
        return Err(KmsError::Validation(
            "EncryptionContext is valid only with symmetric encryption KMS keys.".into(),
        ));
    }
    Ok(())
}

/// `plaintext` encrypted with the RSA key `id` under `algorithm`.
pub(super) fn rsa_encrypt(
    cx: &mut Cx,
    id: &str,
    algorithm: &str,
    plaintext: &[u8],
) -> Result<Vec<u8>, KmsError> {
    let seed = cx.engine.seed();
    let key = cx.key(id)?;
    let Some(SpecKind::Rsa(bits)) = SpecKind::of(&key.key_spec) else {
        return Err(KmsError::Internal("not an RSA key".into()));
    };
    let max = max_plaintext(bits, algorithm);
    if plaintext.len() > max {
        return Err(KmsError::Validation(format!(
            "Algorithm {algorithm} and key spec {} cannot encrypt data larger than {max} bytes.",
            key.key_spec
        )));
    }
    let input = CipherInput {
        spec: &key.key_spec,
        pkcs8: private_of(key)?,
        algorithm,
        data: plaintext,
    };
    cx.engine
        .key_crypto()
        .encrypt(&input, &seed)
        .map_err(unavailable)?
        .ok_or_else(|| KmsError::Internal("RSA encryption failed".into()))
}

/// The plaintext of an RSA ciphertext; InvalidCiphertextException when it does not decrypt.
pub(super) fn rsa_decrypt(
    cx: &mut Cx,
    id: &str,
    algorithm: &str,
    ciphertext: &[u8],
) -> Result<Vec<u8>, KmsError> {
    let key = cx.key(id)?;
    let input = CipherInput {
        spec: &key.key_spec,
        pkcs8: private_of(key)?,
        algorithm,
        data: ciphertext,
    };
    cx.engine
        .key_crypto()
        .decrypt(&input)
        .map_err(unavailable)?
        .ok_or(KmsError::InvalidCiphertext(None))
}
