//! Reading a declared response shape in one pass over the body, in place.
//!
//! A declaration names where the token object is (`envelope`), and where a success flag and an
//! error message are. The derive checks those paths at compile time and puts them in the
//! provider's `INFO` as a [`Shape`]. The reader descends only into the keys on a declared
//! path, skips everything else without building it, and fills one [`Envelope`] where it stands:
//! no `Value` tree, and no intermediate struct per level, which would each be moved (copied) on
//! the way up.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::fields::{
    graphql_messages, read_token_fields, Flag, GraphqlError, Message, TokenFields,
};
use super::{json_reason, BodyFormat, Envelope};
use crate::info::Shape;

/// Reads `body` in `format` by `shape`; with `graphql`, `data` is unwrapped and `errors`
/// collected. The error is a short reason, free of the body's content.
#[inline]
pub fn parse_shape(
    body: &[u8],
    format: BodyFormat,
    shape: &Shape,
    graphql: bool,
) -> Result<Envelope, String> {
    let mut envelope = Envelope::default();
    match format {
        BodyFormat::Json => {
            let mut de = serde_json::Deserializer::from_slice(body);
            read_json(&mut de, shape, graphql, &mut envelope).map_err(|e| json_reason(&e))?;
        }
        // A form body is flat: it is the token object itself, or it holds nothing declared.
        BodyFormat::Form if shape.envelope.is_empty() => {
            let fields: TokenFields =
                serde_urlencoded::from_bytes(body).map_err(|e| e.to_string())?;
            envelope.token = Some(fields);
        }
        BodyFormat::Form => return Err("a form-encoded body has no nested token object".into()),
    }
    Ok(envelope)
}

#[inline]
fn read_json<'de>(
    de: &mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>,
    shape: &Shape,
    graphql: bool,
    out: &mut Envelope,
) -> Result<(), serde_json::Error> {
    if shape.envelope.is_empty() {
        InPlace(TokenObject(&mut out.token)).deserialize(&mut *de)?;
    } else {
        let level = Level {
            shape,
            depth: 0,
            alive: [true; 3],
            graphql_root: graphql,
            out,
        };
        InPlace(level).deserialize(&mut *de)?;
    }
    de.end()
}

/// One object on the way down the declared paths.
struct Level<'a> {
    shape: &'a Shape,
    depth: usize,
    /// Which of the shape's paths (envelope, flag, message) lead through this object.
    alive: [bool; 3],
    /// At the top of a GraphQL answer, where `data` and `errors` are.
    graphql_root: bool,
    out: &'a mut Envelope,
}

/// What a key of the current object is to the declaration.
enum Role {
    Token,
    Flag,
    Message,
    /// An object on the way to some of the paths (those set).
    Inner([bool; 3]),
    GraphqlData,
    GraphqlErrors,
    Ignored,
}

impl Level<'_> {
    fn role(&self, key: &str) -> Role {
        if self.graphql_root {
            match key {
                "data" => return Role::GraphqlData,
                "errors" => return Role::GraphqlErrors,
                _ => {}
            }
        }
        let mut deeper = [false; 3];
        let mut leaf = None;
        for (i, path) in paths(self.shape).iter().enumerate() {
            let alive = self.alive.get(i).copied().unwrap_or(false);
            if !alive || path.get(self.depth) != Some(&key) {
                continue;
            }
            if path.len() == self.depth.saturating_add(1) {
                leaf.get_or_insert(i);
            } else if let Some(deeper) = deeper.get_mut(i) {
                *deeper = true;
            }
        }
        match (deeper.contains(&true), leaf) {
            (true, _) => Role::Inner(deeper),
            (false, Some(0)) => Role::Token,
            (false, Some(1)) => Role::Flag,
            (false, Some(_)) => Role::Message,
            (false, None) => Role::Ignored,
        }
    }
}

impl FillFrom for Level<'_> {
    const EXPECTING: &'static str = "an object on the declared path";

    fn fill<'de, A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(role) = map.next_key_seed(KeyRole(&self))? {
            let out = &mut *self.out;
            match role {
                Role::Token => map.next_value_seed(InPlace(TokenObject(&mut out.token)))?,
                Role::Flag => out.success = map.next_value::<Flag>()?.0,
                Role::Message => out.message = map.next_value::<Message>()?.0,
                Role::Inner(alive) => map.next_value_seed(InPlace(Level {
                    shape: self.shape,
                    depth: self.depth.saturating_add(1),
                    alive,
                    graphql_root: false,
                    out,
                }))?,
                Role::GraphqlData => map.next_value_seed(InPlace(Level {
                    shape: self.shape,
                    depth: self.depth,
                    alive: self.alive,
                    graphql_root: false,
                    out,
                }))?,
                Role::GraphqlErrors => {
                    let errors = map.next_value::<Option<Vec<GraphqlError>>>()?;
                    out.graphql_errors = graphql_messages(errors.unwrap_or_default());
                }
                Role::Ignored => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A key read straight from the input, and classified without being copied.
struct KeyRole<'l, 'a>(&'l Level<'a>);

impl<'de> DeserializeSeed<'de> for KeyRole<'_, '_> {
    type Value = Role;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Role, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyRole<'_, '_> {
    type Value = Role;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Role, E> {
        Ok(self.0.role(key))
    }
}

/// The token object, read into its place in the envelope.
struct TokenObject<'a>(&'a mut Option<TokenFields>);

impl FillFrom for TokenObject<'_> {
    const EXPECTING: &'static str = "a token object";

    fn fill<'de, A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        read_token_fields(map, self.0.get_or_insert_with(TokenFields::default))
    }
}

/// An object that fills a place in the envelope from its map.
trait FillFrom {
    /// What the object is, for serde's "invalid type" message.
    const EXPECTING: &'static str;

    fn fill<'de, A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error>;
}

/// Reads an object in place; null, like a missing key, leaves its place as it was.
struct InPlace<T>(T);

impl<'de, T: FillFrom> DeserializeSeed<'de> for InPlace<T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: FillFrom> Visitor<'de> for InPlace<T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.fill(map)
    }
}

#[cfg(test)]
mod tests;

fn paths(shape: &Shape) -> [&'static [&'static str]; 3] {
    [shape.envelope, shape.success_flag, shape.error_message]
}
