//! Every provider `authctl` knows: the provider crate's list ([`providers::for_each_provider!`]),
//! by name. A provider added there is known here with no change.

use auth_runtime::{Provider, ProviderInfo};

use crate::cli::Command;
use crate::commands::{run, Context};
use crate::failure::Failure;

macro_rules! registry {
    ($($provider:ty),+) => {
        /// What every provider declares.
        pub fn all() -> Vec<&'static ProviderInfo> {
            vec![$(<$provider as Provider>::INFO),+]
        }

        /// Runs `command` for the provider named `name`.
        pub async fn dispatch(name: &str, command: Command, context: &Context) -> Result<u8, Failure> {
            $(
                if name == <$provider as Provider>::INFO.name() {
                    return run::<$provider>(command, context).await;
                }
            )+
            let names: Vec<&str> = all().iter().map(|info| info.name()).collect();
            Err(Failure::Usage(format!("no provider named `{name}`; the providers are {}", names.join(", "))))
        }
    };
}

providers::for_each_provider!(registry);
