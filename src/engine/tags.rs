//! placeholder
use super::dispatch::Cx;
use crate::error::KmsError;
use serde_json::Value;

pub(super) fn tag_resource(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn untag_resource(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }

pub(super) fn list_resource_tags(_cx: &mut Cx, _r: Value) -> Result<Value, KmsError> { Err(KmsError::UnsupportedOperation(None)) }
