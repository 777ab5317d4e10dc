//! The grammar of endpoint templates: `https://{account}.talkdeskid.com/oauth/token`, or a path
//! under the base URL setting (`/oauth/token`).
//!
//! A template is text with `{placeholders}`, each naming a field (an identifier). The derive
//! parses it once, at compile time, reports what is wrong on the offending literal, and emits
//! the [`Piece`]s; the runtime fills them on each request without parsing anything again. Each
//! placeholder knows which [`Part`] of the URL it fills, which decides what its value may be.

use alloc::vec::Vec;

/// A piece of a parsed template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text kept as written.
    Text(&'a str),
    /// A placeholder: the field it names and the part of the URL it fills.
    Field {
        /// The field (and placeholder) name.
        name: &'a str,
        /// Where in the URL it is.
        part: Part,
    },
}

/// The part of a URL a placeholder fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// One DNS label of the host name.
    Host,
    /// A path segment, or part of one: never a dot segment.
    Path,
    /// A query value (or name), where dots mean nothing.
    Query,
}

/// Why a template does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateError<'a> {
    /// A `{` that no `}` closes (or a `{` inside a placeholder).
    Unterminated,
    /// A `}` with no `{` before it.
    UnmatchedClose,
    /// Braces around something that is not an identifier (`{a-b}`).
    NotAPlaceholder(&'a str),
}

/// Splits `text` into its pieces, in order.
pub fn parse(text: &str) -> Result<Vec<Piece<'_>>, TemplateError<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    loop {
        match (rest.find('{'), rest.find('}')) {
            (None, None) => break,
            (Some(open), Some(close)) if open < close => {
                let (before, from_open) = rest.split_at(open);
                let (inside, from_close) = from_open.split_at(close - open);
                let name = &inside[1..];
                if name.contains('{') {
                    return Err(TemplateError::Unterminated);
                }
                if !is_identifier(name) {
                    return Err(TemplateError::NotAPlaceholder(name));
                }
                if !before.is_empty() {
                    pieces.push(Piece::Text(before));
                }
                let at = text.len() - rest.len() + open;
                pieces.push(Piece::Field {
                    name,
                    part: part_at(text, at),
                });
                rest = &from_close[1..];
            }
            (Some(_), _) => return Err(TemplateError::Unterminated),
            (None, Some(_)) => return Err(TemplateError::UnmatchedClose),
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// Whether `text` is a path under the base URL setting rather than an absolute URL.
pub fn is_relative(text: &str) -> bool {
    text.starts_with('/')
}

/// Whether `name` can be a placeholder: an identifier, as field names are.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// The part of `template` at byte `index`: the host runs from `://` to the first `/`, `?` or
/// `#` (`https://{tenant}.example.com?v=1` has no path), the query from the first `?`.
/// Placeholder names are identifiers, so no separator can be inside one.
fn part_at(template: &str, index: usize) -> Part {
    let in_host = template.split_once("://").is_some_and(|(scheme, rest)| {
        let start = scheme.len() + 3;
        let end = rest
            .find(['/', '?', '#'])
            .map_or(template.len(), |at| start + at);
        (start..end).contains(&index)
    });
    if in_host {
        Part::Host
    } else if template.find('?').is_some_and(|query| index > query) {
        Part::Query
    } else {
        Part::Path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn splits_text_and_placeholders_with_their_parts() {
        assert_eq!(
            parse("https://{account}.talkdeskid.com/users/{id}?v={version}").unwrap(),
            vec![
                Piece::Text("https://"),
                Piece::Field {
                    name: "account",
                    part: Part::Host
                },
                Piece::Text(".talkdeskid.com/users/"),
                Piece::Field {
                    name: "id",
                    part: Part::Path
                },
                Piece::Text("?v="),
                Piece::Field {
                    name: "version",
                    part: Part::Query
                },
            ]
        );
    }

    #[test]
    fn a_host_without_a_path_ends_at_the_query() {
        let pieces = parse("https://{tenant}.example.com?x={y}").unwrap();
        assert_eq!(
            pieces[1],
            Piece::Field {
                name: "tenant",
                part: Part::Host
            }
        );
        assert_eq!(
            pieces[3],
            Piece::Field {
                name: "y",
                part: Part::Query
            }
        );
    }

    #[test]
    fn a_relative_template_has_no_host() {
        assert!(is_relative("/oauth/{tenant}/token"));
        let pieces = parse("/oauth/{tenant}/token").unwrap();
        assert_eq!(
            pieces[1],
            Piece::Field {
                name: "tenant",
                part: Part::Path
            }
        );
    }

    #[test]
    fn text_without_braces_is_one_piece() {
        assert_eq!(
            parse("https://a.example/t").unwrap(),
            vec![Piece::Text("https://a.example/t")]
        );
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn malformed_braces_are_errors() {
        assert_eq!(
            parse("https://{a.example"),
            Err(TemplateError::Unterminated)
        );
        assert_eq!(
            parse("https://{a{b}.example"),
            Err(TemplateError::Unterminated)
        );
        assert_eq!(
            parse("https://a}.example"),
            Err(TemplateError::UnmatchedClose)
        );
        assert_eq!(
            parse("https://{a-b}.example"),
            Err(TemplateError::NotAPlaceholder("a-b"))
        );
        assert_eq!(
            parse("https://{}.example"),
            Err(TemplateError::NotAPlaceholder(""))
        );
    }
}
