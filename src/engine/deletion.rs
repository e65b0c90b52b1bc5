//! placeholder
use super::dispatch::Cx;
use crate::error::KmsError;
use serde_json::Value;

pub(super) fn schedule_key_deletion(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn cancel_key_deletion(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }
