//! placeholder
use super::dispatch::Cx;
use crate::error::KmsError;
use serde_json::Value;

pub(super) fn create_key(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn describe_key(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn list_keys(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn update_key_description(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn enable_key(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn disable_key(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }
