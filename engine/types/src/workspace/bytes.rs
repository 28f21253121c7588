//! Bytes in the model, base64 only in JSON: gRPC carries raw bytes and must not encode them for
//! the service to decode again.

use base64::{Engine as _, engine::general_purpose::STANDARD as BASE64};
use serde::{Deserialize, Serialize};

/// File content in JSON: UTF-8 text or base64 bytes.
///
/// In memory it is bytes. In JSON it is `content` (text) or `contentBase64`, neither meaning
/// empty; the base64 is decoded as the JSON is read, so a bad one is a bad request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ContentJson", into = "ContentJson")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Content(pub Vec<u8>);

impl Content {
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<u8>> for Content {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Content {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for Content {
    fn from(bytes: &[u8; N]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<&str> for Content {
    fn from(text: &str) -> Self {
        Self(text.as_bytes().to_vec())
    }
}

impl From<String> for Content {
    fn from(text: String) -> Self {
        Self(text.into_bytes())
    }
}

/// File content in JSON: UTF-8 text or base64 bytes.
#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct ContentJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_base64: Option<String>,
}

impl TryFrom<ContentJson> for Content {
    type Error = String;

    fn try_from(json: ContentJson) -> Result<Self, String> {
        match (json.content, json.content_base64) {
            (Some(text), None) => Ok(Self(text.into_bytes())),
            (None, Some(b64)) => BASE64
                .decode(b64)
                .map(Self)
                .map_err(|e| format!("contentBase64 is not base64: {e}")),
            (None, None) => Ok(Self::default()),
            (Some(_), Some(_)) => Err("give content or contentBase64, not both".into()),
        }
    }
}

impl From<Content> for ContentJson {
    fn from(content: Content) -> Self {
        match String::from_utf8(content.0) {
            Ok(text) => Self {
                content: Some(text),
                content_base64: None,
            },
            Err(bytes) => Self {
                content: None,
                content_base64: Some(BASE64.encode(bytes.into_bytes())),
            },
        }
    }
}

/// Bytes that JSON carries as one base64 string (an uploaded archive).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Base64(pub Vec<u8>);

impl TryFrom<String> for Base64 {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        BASE64
            .decode(text)
            .map(Self)
            .map_err(|e| format!("not base64: {e}"))
    }
}

impl From<Base64> for String {
    fn from(bytes: Base64) -> Self {
        BASE64.encode(bytes.0)
    }
}

/// A plain string in the schema, as it is in JSON.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Base64 {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn content_is_text_or_base64_in_json_and_bytes_in_memory() {
        let text: Content = serde_json::from_value(json!({ "content": "hi" })).unwrap();
        assert_eq!(text, Content::from("hi"));
        let b64: Content = serde_json::from_value(json!({ "contentBase64": "AAE=" })).unwrap();
        assert_eq!(b64, Content(vec![0, 1]));
        let none: Content = serde_json::from_value(json!({})).unwrap();
        assert!(none.is_empty());
        for bad in [
            json!({ "content": "a", "contentBase64": "YQ==" }),
            json!({ "contentBase64": "not base64!" }),
        ] {
            assert!(serde_json::from_value::<Content>(bad).is_err());
        }
        assert_eq!(
            serde_json::to_value(Content(vec![0xff])).unwrap(),
            json!({ "contentBase64": "/w==" })
        );
        assert_eq!(
            serde_json::to_value(Content::from("hi")).unwrap(),
            json!({ "content": "hi" })
        );
    }

    #[test]
    fn base64_is_a_string_in_json() {
        let bytes: Base64 = serde_json::from_value(json!("AAE=")).unwrap();
        assert_eq!(bytes, Base64(vec![0, 1]));
        assert_eq!(serde_json::to_value(&bytes).unwrap(), json!("AAE="));
        assert!(serde_json::from_value::<Base64>(json!("%%")).is_err());
    }
}
