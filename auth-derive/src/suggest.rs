//! "Did you mean" hints for unknown keys and values.

/// The candidate closest to `given`, if it is close enough to be a likely typo.
pub fn closest<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(given, c), *c))
        .filter(|(distance, c)| *distance <= (c.len() / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// `: did you mean `x`?` or nothing.
pub fn hint(given: &str, candidates: &[&str]) -> String {
    match closest(given, candidates) {
        Some(c) => format!(": did you mean `{c}`?"),
        None => String::new(),
    }
}

/// `a`, `b` or `c`, for messages that list what is allowed.
pub fn one_of(candidates: &[&str]) -> String {
    match candidates {
        [] => String::new(),
        [only] => format!("`{only}`"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|c| format!("`{c}`")).collect();
            format!("{} or `{last}`", init.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let grants = [
            "password",
            "client_credentials",
            "authorization_code",
            "login",
        ];
        assert_eq!(closest("pasword", &grants), Some("password"));
        assert_eq!(
            closest("client_credential", &grants),
            Some("client_credentials")
        );
        assert_eq!(closest("implicit", &grants), None);
        assert_eq!(closest("jsno", &["form", "json", "query"]), Some("json"));
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
