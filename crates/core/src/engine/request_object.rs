//! The deserializer a request shape is read through: the request's top-level JSON object, and
//! nothing else. serde's derived structs also accept a JSON array (field by field), and that
//! code is compiled for every request shape although a body that is not an object is refused
//! before any shape is read; through this wrapper it is unreachable, so the linker drops it
//! (a few KB of the main wasm module). Members are read by serde_json as before, so every
//! message is unchanged. Depends on serde and serde_json.

use serde::de::value::MapDeserializer;
use serde::de::{self, Deserializer, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Error, Value};

/// A request body, already known to be a JSON object (anything else is refused earlier).
pub(super) struct RequestObject<'a>(pub &'a Value);

impl<'de> Deserializer<'de> for RequestObject<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visitor.visit_map(MapDeserializer::new(
                map.iter().map(|(k, v)| (k.as_str(), v)),
            )),
            _ => Err(de::Error::custom("The request body must be a JSON object")),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}
