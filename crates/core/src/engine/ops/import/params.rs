//! GetParametersForImport: a wrapping key pair (from the pool or made now) and an import
//! token naming it and the key, valid for 24 hours; and the check of a token at import.
//! Depends on the import module's checks, `ids`, `Cx` and `limits`.

use super::{not_pending_deletion, origin_check, TOKEN_MAGIC};
use crate::api::shapes::*;
use crate::api::{validate, Blob, Timestamp};
use crate::engine::cx::Cx;
use crate::engine::ids::{hex, key_id_bytes};
use crate::engine::key_specs::{Curve, SpecKind};
use crate::engine::resolve::Accept;
use crate::error::KmsError;
use crate::limits::IMPORT_PARAMETERS_VALIDITY_MS;
use crate::model::ImportParams;

const WRAPPING_ALGORITHMS: &[&str] = &[
    "RSAES_PKCS1_V1_5",
    "RSAES_OAEP_SHA_1",
    "RSAES_OAEP_SHA_256",
    "RSA_AES_KEY_WRAP_SHA_1",
    "RSA_AES_KEY_WRAP_SHA_256",
    "SM2PKE",
];
const WRAPPING_KEY_SPECS: &[&str] = &["RSA_2048", "RSA_3072", "RSA_4096", "SM2"];
pub(crate) fn get_parameters_for_import(
    cx: &mut Cx,
    r: GetParametersForImportRequest,
) -> Result<GetParametersForImportResponse, KmsError> {
    validate::one_of(
        "wrappingAlgorithm",
        &r.wrapping_algorithm,
        WRAPPING_ALGORITHMS,
    )?;
    validate::one_of("wrappingKeySpec", &r.wrapping_key_spec, WRAPPING_KEY_SPECS)?;
    let id = cx.resolve("keyId", &r.key_id, Accept::Key)?;
    let key = cx.key(&id)?;
    origin_check(key)?;
    not_pending_deletion(key)?;
    let (alg, spec) = (r.wrapping_algorithm.as_str(), r.wrapping_key_spec.as_str());
    if alg == "RSAES_PKCS1_V1_5" {
        return Err(KmsError::Validation(
            "Wrapping algorithm RSAES_PKCS1_V1_5 is not supported.".into(),
        ));
    }
    let bits = match spec {
        "RSA_2048" => 2048,
        "RSA_3072" => 3072,
        "RSA_4096" => 4096,
        _ => 0,
    };
    if bits == 0 || !wrapping_allowed(&key.key_spec, alg, bits) {
        return Err(KmsError::Validation(format!(
            "Wrapping algorithm {alg} and wrapping key spec {spec} cannot be used to import a {} key.",
            key.key_spec
        )));
    }
    let arn = key.arn.clone();
    let (private, public) = cx.engine.wrapping_key(bits)?;
    let token_id: [u8; 16] = cx.engine.random_bytes();
    let (key_bytes, _) =
        key_id_bytes(&id).ok_or_else(|| KmsError::Internal("key id is not a key id".into()))?;
    let token = [TOKEN_MAGIC.as_slice(), &token_id, &key_bytes].concat();
    let expires_ms = cx.now + IMPORT_PARAMETERS_VALIDITY_MS;
    let params = ImportParams {
        key_id: id,
        wrapping_algorithm: alg.to_string(),
        wrapping_key_spec: spec.to_string(),
        private_key: Some(Blob(private)),
        expires_ms,
    };
    let token_key = hex(&token_id);
    cx.engine.touch_import(&token_key);
    cx.engine.state.imports.insert(token_key, params);
    Ok(GetParametersForImportResponse {
        key_id: arn,
        import_token: Blob(token),
        public_key: Blob(public),
        parameters_valid_to: Timestamp(expires_ms),
    })
}

/// Which wrapping algorithms each key spec's material may come under (GetParametersForImport,
/// AWS KMS API Reference): symmetric material takes plain RSA-OAEP; RSA private keys are too big
/// for it and take only RSA_AES_KEY_WRAP; ECC, ML-KEM and HMAC material take either, except a P-521
/// private key (241 bytes of PKCS#8), which RSA-OAEP with a 2048-bit key cannot hold.
fn wrapping_allowed(key_spec: &str, alg: &str, bits: usize) -> bool {
    let oaep = matches!(alg, "RSAES_OAEP_SHA_1" | "RSAES_OAEP_SHA_256");
    let aes = matches!(alg, "RSA_AES_KEY_WRAP_SHA_1" | "RSA_AES_KEY_WRAP_SHA_256");
    match SpecKind::of(key_spec) {
        Some(SpecKind::Symmetric) => oaep,
        Some(SpecKind::Rsa(_)) => aes,
        Some(SpecKind::Ecc(Curve::P521)) => aes || (oaep && bits > 2048),
        // An ML-KEM private key in the seed form is 86 bytes of PKCS#8: RSA-OAEP holds it.
        Some(SpecKind::Hmac(_) | SpecKind::Ecc(_) | SpecKind::Ed25519 | SpecKind::MlKem(_)) => {
            oaep || aes
        }
        // No EXTERNAL ML-DSA key exists (CreateKey refuses it).
        Some(SpecKind::MlDsa(_)) | None => false,
    }
}

/// The import parameters an import token names, if it was issued for `key_id`.
pub(super) fn token_params(cx: &Cx, token: &[u8], key_id: &str) -> Result<ImportParams, KmsError> {
    let invalid = || {
        KmsError::InvalidImportToken(
            "The import token is invalid or was not issued for this KMS key.".into(),
        )
    };
    if token.len() != 37 || &token[..5] != TOKEN_MAGIC {
        return Err(invalid());
    }
    let key_bytes: [u8; 16] = token[21..37].try_into().map_err(|_| invalid())?;
    let params = cx
        .engine
        .state
        .imports
        .get(&hex(&token[5..21]))
        .ok_or_else(invalid)?;
    if params.key_id != key_id || key_id_bytes(key_id).map(|(b, _)| b) != Some(key_bytes) {
        return Err(invalid());
    }
    if params.expires_ms <= cx.now {
        return Err(KmsError::ExpiredImportToken(format!(
            "The import token expired at {}. Call GetParametersForImport for a new one.",
            crate::api::iso8601(params.expires_ms)
        )));
    }
    Ok(params.clone())
}
