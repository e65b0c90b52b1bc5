//! placeholder
use super::dispatch::Cx;
use crate::error::KmsError;
use serde_json::Value;

pub(super) fn create_alias(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn update_alias(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn delete_alias(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn list_aliases(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }
