//! placeholder
use super::dispatch::Cx;
use crate::error::KmsError;
use serde_json::Value;

pub(super) fn get_key_policy(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn put_key_policy(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn list_key_policies(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }
