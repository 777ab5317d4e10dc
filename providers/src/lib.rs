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
//! | [`Adp`] | client credentials | form | Basic auth; mutual TLS: the certificate on the token request and every API call (tokens bound to it) |
//! | [`Airtable`] | API key | — | personal access token as bearer |
//! | [`Algolia`] | API key | — | `x-algolia-api-key`; application id in the host and in `x-algolia-application-id` |
//! | [`Amazon`] | authorization code | form | Login with Amazon; secret in the body |
//! | [`Anthropic`] | API key | — | `x-api-key`; `anthropic-version` header |
//! | [`Asana`] | authorization code | form | secret in the body; user under `data` in the response |
//! | [`Atlassian`] | authorization code | JSON | `audience=api.atlassian.com` and `prompt=consent` on authorize; rotating refresh tokens |
//! | [`Auth0`] | client credentials | form | base URL is a setting; `audience` on every login; Management API base |
//! | [`Bitbucket`] | authorization code | form | Basic auth; no scope parameter (`scopes` in the response) |
//! | [`BoxCcg`] | client credentials | form | named `box-ccg`; secret in the body; `box_subject_type` from [`BoxSubjectType`] and `box_subject_id` on every login |
//! | [`BoxCom`] | authorization code | form | named `box`; secret in the body; single-use refresh tokens |
//! | [`Brevo`] | API key | — | `api-key` header |
//! | [`Calendly`] | API key | — | personal access token as bearer |
//! | [`CalendlyOAuth`] | authorization code | form | Basic auth (web clients); single-use refresh tokens |
//! | [`ClickUp`] | API key | — | bare token in `Authorization` |
//! | [`Close`] | Basic | — | key as the user name, empty password |
//! | [`Cloudflare`] | API key | — | API token as bearer; user-token verify route |
//! | [`Datadog`] | API key | — | `DD-API-KEY`; secret `DD-APPLICATION-KEY`; host from [`DatadogSite`]; 403 for a bad key |
//! | [`DigitalOcean`] | API key | — | personal access token as bearer |
//! | [`Discord`] | authorization code | form | secret in the body |
//! | [`DocuSign`] | authorization code | form | Basic auth; host from [`DocuSignEnvironment`]; API base from userinfo |
//! | [`Dropbox`] | authorization code | form | Basic auth; `token_access_type=offline`; refresh tokens reusable |
//! | [`Ebay`] | client credentials | form | Basic auth; host from [`EbayEnvironment`]; `token_type` not a scheme (`Bearer {token}`) |
//! | [`Figma`] | API key | — | `X-Figma-Token`; 403 for a bad token |
//! | [`GitHub`] | authorization code | form | secret in the body; tokens never expire; `X-GitHub-Api-Version` |
//! | [`GitHubDevice`] | device code | form | the device flow (`gh auth login`'s); no secret; errors in a 200; tokens never expire |
//! | [`GitLab`] | authorization code | form | base URL is a setting; `redirect_uri` on refresh; rotating refresh tokens |
//! | [`Gong`] | Basic | — | access key and secret |
//! | [`Google`] | authorization code | form | `access_type=offline&prompt=consent`; refresh tokens reusable |
//! | [`GoogleSts`] | token exchange | form | workload identity federation: an external JWT exchanged (RFC 8693) for an access token; `audience` the pool provider |
//! | [`GoogleServiceAccount`] | JWT bearer | form | a signed assertion as the grant: `iss` the account's email, `scope` a claim, `sub` for delegation, `kid` the key id; the key file as one setting |
//! | [`Greenhouse`] | Basic | — | Harvest key as the user name, empty password |
//! | [`Harvest`] | API key | — | `Harvest-Account-Id` and `User-Agent` from settings |
//! | [`HubSpot`] | authorization code | form | v3 token endpoint; secret in the body |
//! | [`Intercom`] | authorization code | form | secret in the body; no scope; tokens never expire; `Intercom-Version` |
//! | [`Mailgun`] | Basic | — | constant user name `api`, the key as the password (`basic_user`); US or EU host ([`MailgunRegion`]) |
//! | [`Freshdesk`] | Basic | — | the key as the user name, the constant password `X` |
//! | [`BambooHr`] | Basic | — | the key as the user name, password `x`; company in the path; `Accept: application/json` |
//! | [`ZendeskToken`] | Basic | — | user name `{email}/token`, the API token as the password |
//! | [`JamfPro`] | login | form | HTTP Basic for a token at `token`, RFC 3339 `expires`; renewed by presenting it (`renew = "token"`, the keep-alive); server URL a setting |
//! | [`Jira`] | Basic | — | email and API token; site in the host |
//! | [`Keycloak`] | authorization code | form | base URL and realm are settings; Basic auth |
//! | [`Klaviyo`] | API key | — | `Klaviyo-API-Key <key>`; `revision` header |
//! | [`Linear`] | API key | — | bare key in `Authorization`; GraphQL only |
//! | [`LinearOAuth`] | authorization code | form | secret in the body; comma-separated scopes; GraphQL only |
//! | [`LinkedIn`] | authorization code | form | secret in the body; 60-day tokens |
//! | [`Looker`] | login (no `grant_type`) | form | base URL is a setting; `token <token>` |
//! | [`Mailchimp`] | authorization code | form | secret in the body; `expires_in: 0` read as never; data center is a setting |
//! | [`Microsoft`] | authorization code | form | tenant in the path; scope sent on refresh |
//! | [`MicrosoftApp`] | client credentials | form | tenant in the path; `.default` scope |
//! | [`MicrosoftDevice`] | device code | form | tenant in the path; public client; `authorization_declined`; scope sent on refresh |
//! | [`Miro`] | authorization code | form | secret in the body; ids beyond 2^53 in the response |
//! | [`Monday`] | API key | — | bare token in `Authorization`; GraphQL only |
//! | [`NewRelic`] | API key | — | `API-Key`; host from [`NewRelicRegion`]; GraphQL only |
//! | [`Notion`] | API key | — | `Notion-Version` header |
//! | [`NotionOAuth`] | authorization code | JSON | Basic auth; `owner=user` on authorize; tokens never expire; `Notion-Version` header |
//! | [`Okta`] | authorization code | form | base URL and authorization server are settings; Basic auth |
//! | [`OpenAi`] | API key | — | optional `OpenAI-Organization` and `OpenAI-Project` headers |
//! | [`PagerDuty`] | API key | — | `Token token=<key>`; versioned `Accept` |
//! | [`PayPal`] | client credentials | form | Basic auth; host from [`PayPalEnvironment`] |
//! | [`Personio`] | login (no `grant_type`) | JSON | secret in the body; `success` beside the token; token at `data.token`; 24 h lifetime |
//! | [`Pinterest`] | authorization code | form | Basic auth; comma-separated scopes |
//! | [`Pipedrive`] | API key | — | `x-api-token`; company in the host |
//! | [`PipedriveOAuth`] | authorization code | form | Basic auth; API base from `api_domain` |
//! | [`Postmark`] | API key | — | `X-Postmark-Server-Token`; `Accept: application/json` |
//! | [`QuickBooks`] | authorization code | form | Basic auth; `realm_id` from the redirect; `Accept: application/json` |
//! | [`Reddit`] | authorization code | form | Basic auth; `duration=permanent`; `User-Agent` on every request |
//! | [`Salesforce`] | authorization code | form | secret in the body; login host from [`SalesforceEnvironment`]; API base from `instance_url` |
//! | [`SalesforceJwt`] | JWT bearer | form | a signed assertion: `iss` the consumer key, `sub` the username, `aud` the login host; three-minute assertions; API base from `instance_url` |
//! | [`SalesforceCc`] | client credentials | form | My Domain in the host; secret in the body; API base from `instance_url` |
//! | [`SendGrid`] | API key | — | host from [`SendGridRegion`] |
//! | [`Sentry`] | API key | — | host from [`SentryRegion`] |
//! | [`Shopify`] | API key | — | `X-Shopify-Access-Token`; shop in the host, API version in the path |
//! | [`ShopifyOAuth`] | authorization code | JSON | shop in the host; secret in the body; comma-separated scopes; `X-Shopify-Access-Token`; offline tokens never expire |
//! | [`Slack`] | authorization code | form | Basic auth; `ok: false` is a refusal; `token_type` `bot` sent as `Bearer`; comma-separated scopes; tokens never expire |
//! | [`Strava`] | authorization code | form | secret in the body; comma-separated scopes; `expires_at` kept as extra |
//! | [`Stripe`] | Basic | — | secret key as the user name, empty password |
//! | [`StripeConnect`] | authorization code | form | platform secret key as the client secret; tokens never expire |
//! | [`Twilio`] | Basic | — | key SID and secret; account SID in the path |
//! | [`Twitch`] | client credentials | form | secret in the body; `Client-Id` header from the client id |
//! | [`TwitchUser`] | authorization code | form | secret in the body; `Client-Id` header; `scope` an array |
//! | [`Typeform`] | API key | — | host from [`TypeformRegion`] |
//! | [`TypeformOAuth`] | authorization code | form | secret in the body; `offline` scope for a refresh token |
//! | [`Vercel`] | API key | — | access token as bearer |
//! | [`Webflow`] | authorization code | form | secret in the body; tokens never expire |
//! | [`Xero`] | authorization code | form | Basic auth; `xero-tenant-id` from a setting; `Accept: application/json` |
//! | [`Zendesk`] | authorization code | JSON | subdomain in the host; secret in the body |
//! | [`Zoho`] | authorization code | form | `Zoho-oauthtoken <token>`; token host from [`ZohoDataCenter`]; comma-separated scopes |
//! | [`ZoomS2s`] | client credentials | form | `grant_type=account_credentials`; `account_id` on every login; Basic auth |

//! Depending on this crate turns on auth-runtime's `private-key-jwt` (jsonwebtoken, with its
//! RSA and elliptic-curve stack), which [`TalkdeskApp`] needs to sign its client assertions,
//! and [`GoogleServiceAccount`] and [`SalesforceJwt`] their grants.

//! Adding a provider: its struct in a file of its own here, that module below, and its line in
//! the `providers!` list, which re-exports it and is what [`for_each_provider!`] hands to tools
//! (`authctl` knows every provider through it).

mod adp;
mod airtable;
mod algolia;
mod altrata;
mod amazon;
mod anthropic;
mod asana;
mod atlassian;
mod auth0;
mod bamboohr;
mod bitbucket;
mod box_ccg;
mod boxcom;
mod brevo;
mod calendly;
mod calendly_oauth;
mod clickup;
mod close;
mod cloudflare;
mod datadog;
mod digitalocean;
mod discord;
mod docusign;
mod dropbox;
mod ebay;
mod figma;
mod freshdesk;
mod github;
mod github_device;
mod gitlab;
mod gong;
mod google;
mod google_service_account;
mod google_sts;
mod greenhouse;
mod harvest;
mod hubspot;
mod iadvize;
mod intercom;
mod jamf_pro;
mod jira;
mod keycloak;
mod klaviyo;
mod linear;
mod linear_oauth;
mod linkedin;
mod looker;
mod mailchimp;
mod mailgun;
mod microsoft;
mod microsoft_app;
mod microsoft_device;
mod miro;
mod monday;
mod newrelic;
mod notion;
mod notion_oauth;
mod okta;
mod openai;
mod pagerduty;
mod paypal;
mod personio;
mod pinterest;
mod pipedrive;
mod pipedrive_oauth;
mod postmark;
mod quickbooks;
mod reddit;
mod salesforce;
mod salesforce_cc;
mod salesforce_data_cloud;
mod salesforce_jwt;
mod sendgrid;
mod sentry;
mod shopify;
mod shopify_oauth;
mod slack;
mod spotify;
mod strava;
mod stripe;
mod stripe_connect;
mod tali;
mod talkdesk;
mod talkdesk_app;
mod talview;
mod talview_graphql;
mod twilio;
mod twitch;
mod twitch_user;
mod typeform;
mod typeform_oauth;
mod vercel;
mod webflow;
mod xero;
mod zendesk;
mod zendesk_token;
mod zoho;
mod zoom_s2s;

// The modules are private, so these are the choices' one public names.
pub use box_ccg::SubjectType as BoxSubjectType;
pub use datadog::Site as DatadogSite;
pub use docusign::Environment as DocuSignEnvironment;
pub use ebay::Environment as EbayEnvironment;
pub use mailgun::Region as MailgunRegion;
pub use newrelic::Region as NewRelicRegion;
pub use paypal::Environment as PayPalEnvironment;
pub use salesforce::Environment as SalesforceEnvironment;
pub use sendgrid::Region as SendGridRegion;
pub use sentry::Region as SentryRegion;
pub use talkdesk::Region as TalkdeskRegion;
pub use typeform::Region as TypeformRegion;
pub use zoho::DataCenter as ZohoDataCenter;

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
    adp::Adp,
    airtable::Airtable,
    algolia::Algolia,
    amazon::Amazon,
    anthropic::Anthropic,
    asana::Asana,
    atlassian::Atlassian,
    auth0::Auth0,
    bamboohr::BambooHr,
    bitbucket::Bitbucket,
    box_ccg::BoxCcg,
    boxcom::BoxCom,
    brevo::Brevo,
    calendly::Calendly,
    calendly_oauth::CalendlyOAuth,
    clickup::ClickUp,
    close::Close,
    cloudflare::Cloudflare,
    datadog::Datadog,
    digitalocean::DigitalOcean,
    discord::Discord,
    docusign::DocuSign,
    dropbox::Dropbox,
    ebay::Ebay,
    figma::Figma,
    freshdesk::Freshdesk,
    github::GitHub,
    github_device::GitHubDevice,
    gitlab::GitLab,
    gong::Gong,
    google::Google,
    google_service_account::GoogleServiceAccount,
    google_sts::GoogleSts,
    greenhouse::Greenhouse,
    harvest::Harvest,
    hubspot::HubSpot,
    intercom::Intercom,
    jamf_pro::JamfPro,
    jira::Jira,
    keycloak::Keycloak,
    klaviyo::Klaviyo,
    linear::Linear,
    linear_oauth::LinearOAuth,
    linkedin::LinkedIn,
    looker::Looker,
    mailchimp::Mailchimp,
    mailgun::Mailgun,
    microsoft::Microsoft,
    microsoft_app::MicrosoftApp,
    microsoft_device::MicrosoftDevice,
    miro::Miro,
    monday::Monday,
    newrelic::NewRelic,
    notion::Notion,
    notion_oauth::NotionOAuth,
    okta::Okta,
    openai::OpenAi,
    pagerduty::PagerDuty,
    paypal::PayPal,
    personio::Personio,
    pinterest::Pinterest,
    pipedrive::Pipedrive,
    pipedrive_oauth::PipedriveOAuth,
    postmark::Postmark,
    quickbooks::QuickBooks,
    reddit::Reddit,
    salesforce::Salesforce,
    salesforce_cc::SalesforceCc,
    salesforce_data_cloud::SalesforceDataCloud,
    salesforce_jwt::SalesforceJwt,
    sendgrid::SendGrid,
    sentry::Sentry,
    shopify::Shopify,
    shopify_oauth::ShopifyOAuth,
    slack::Slack,
    strava::Strava,
    stripe::Stripe,
    stripe_connect::StripeConnect,
    twilio::Twilio,
    twitch::Twitch,
    twitch_user::TwitchUser,
    typeform::Typeform,
    typeform_oauth::TypeformOAuth,
    vercel::Vercel,
    webflow::Webflow,
    xero::Xero,
    zendesk::Zendesk,
    zendesk_token::ZendeskToken,
    zoho::Zoho,
    zoom_s2s::ZoomS2s,
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
                "spotify",
                "adp",
                "airtable",
                "algolia",
                "amazon",
                "anthropic",
                "asana",
                "atlassian",
                "auth0",
                "bamboohr",
                "bitbucket",
                "box-ccg",
                "box",
                "brevo",
                "calendly",
                "calendly-oauth",
                "clickup",
                "close",
                "cloudflare",
                "datadog",
                "digitalocean",
                "discord",
                "docusign",
                "dropbox",
                "ebay",
                "figma",
                "freshdesk",
                "github",
                "github-device",
                "gitlab",
                "gong",
                "google",
                "google-service-account",
                "google-sts",
                "greenhouse",
                "harvest",
                "hubspot",
                "intercom",
                "jamf-pro",
                "jira",
                "keycloak",
                "klaviyo",
                "linear",
                "linear-oauth",
                "linkedin",
                "looker",
                "mailchimp",
                "mailgun",
                "microsoft",
                "microsoft-app",
                "microsoft-device",
                "miro",
                "monday",
                "newrelic",
                "notion",
                "notion-oauth",
                "okta",
                "openai",
                "pagerduty",
                "paypal",
                "personio",
                "pinterest",
                "pipedrive",
                "pipedrive-oauth",
                "postmark",
                "quickbooks",
                "reddit",
                "salesforce",
                "salesforce-cc",
                "salesforce-data-cloud",
                "salesforce-jwt",
                "sendgrid",
                "sentry",
                "shopify",
                "shopify-oauth",
                "slack",
                "strava",
                "stripe",
                "stripe-connect",
                "twilio",
                "twitch",
                "twitch-user",
                "typeform",
                "typeform-oauth",
                "vercel",
                "webflow",
                "xero",
                "zendesk",
                "zendesk-token",
                "zoho",
                "zoom-s2s",
            ]
        );
    }
}
