//! The declared providers: one annotated struct each, with every wire quirk in its
//! `#[oauth(...)]` attributes and none in code.
//!
//! | provider | grant | encoding | quirks |
//! |---|---|---|---|
//! | [`Talview`] | login (no `grant_type`) | JSON | token in `auth_user_login.data`; `success: false` is a refusal; integer `tenant_id` |
//! | [`TalviewGraphql`] | login | GraphQL | the same login as a mutation with typed variables |
//! | [`Tali`] | authorization code | JSON | base URL is a setting; secret in the body; `redirect_uri` on refresh; `expires_in` is a string |
//! | [`IAdvize`] | password | form | refresh token `"none"` means none; validity route; 10 logins a minute |
//! | [`Altrata`] | client credentials | query | `grant_type` in the query; Basic from username/password; `x-api-key` |
//! | [`Talkdesk`] | client credentials, authorization code | form | host from account and [`TalkdeskRegion`]; Basic auth |
//! | [`Spotify`] | client credentials | form | none: the README's walkthrough of adding a provider from its documentation |
//! | [`TalkdeskApp`] | client credentials, authorization code | form | the same, with a signed client assertion (`private_key_jwt`) for marketplace apps |

//! Depending on this crate turns on auth-runtime's `private-key-jwt` (jsonwebtoken, with its
//! RSA and elliptic-curve stack), which [`TalkdeskApp`] needs to sign its client assertions.

//! Adding a provider: its struct in a file of its own here, that module below, and its line in
//! the `providers!` list, which re-exports it and is what [`for_each_provider!`] hands to tools
//! (`authctl` knows every provider through it).

mod altrata;
mod iadvize;
mod spotify;
mod tali;
mod talkdesk;
mod talkdesk_app;
mod talview;
mod talview_graphql;

// The module is private, so this is the region's one public name.
pub use talkdesk::Region as TalkdeskRegion;

/// Re-exports each provider and defines [`for_each_provider!`] over them, from one list.
macro_rules! providers {
    ($($module:ident :: $provider:ident),+ $(,)?) => {
        $(pub use $module::$provider;)+

        /// Every provider's module, for the check that no provider file is left out.
        #[cfg(test)]
        const MODULES: &[&str] = &[$(stringify!($module)),+];

        /// Calls the macro named `callback` with every declared provider type, in the order
        /// tools list them: `providers::for_each_provider!(my_macro)` expands to
        /// `my_macro! { providers::Talview, providers::TalviewGraphql, … }`, one `ty` per
        /// provider, comma-separated. How a tool covers every provider, today's and
        /// tomorrow's, without naming one:
        ///
        /// ```
        /// use auth_runtime::Provider;
        ///
        /// macro_rules! names {
        ///     ($($provider:ty),+) => { [$(<$provider as Provider>::INFO.name()),+] };
        /// }
        /// let names = providers::for_each_provider!(names);
        /// assert_eq!(names[0], "talview");
        /// assert!(names.contains(&"spotify"));
        /// ```
        // `$callback` is this macro's own variable, not the list's: `providers!` passes it
        // through as written.
        #[macro_export]
        macro_rules! for_each_provider {
            ($callback:ident) => {
                $callback! { $($crate::$provider),+ }
            };
        }
    };
}

// The list: one line per provider, in the order `authctl providers` shows them.
providers! {
    talview::Talview,
    talview_graphql::TalviewGraphql,
    tali::Tali,
    iadvize::IAdvize,
    altrata::Altrata,
    talkdesk::Talkdesk,
    talkdesk_app::TalkdeskApp,
    spotify::Spotify,
}

#[cfg(test)]
mod tests {
    use auth_runtime::Provider;

    /// Every file of `src/` but this one holds a provider, and every provider is in the list:
    /// a module declared but left out of it would be missing from every tool.
    #[test]
    fn every_provider_file_is_in_the_list() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "rs"))
            .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
            .filter(|stem| stem != "lib")
            .collect();
        files.sort();
        let mut listed: Vec<String> = super::MODULES.iter().map(|m| (*m).to_owned()).collect();
        listed.sort();
        assert_eq!(files, listed);
    }

    macro_rules! names {
        ($($provider:ty),+) => { [$(<$provider as Provider>::INFO.name()),+] };
    }

    #[test]
    fn the_list_hands_out_every_provider_once_in_order() {
        assert_eq!(
            for_each_provider!(names),
            [
                "talview",
                "talview-graphql",
                "tali",
                "iadvize",
                "altrata",
                "talkdesk",
                "talkdesk-app",
                "spotify"
            ]
        );
    }
}
