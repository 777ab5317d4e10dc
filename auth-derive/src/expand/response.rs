//! The response parser: the declared paths (envelope, success flag, error message), checked at
//! compile time, become a constant `Shape` that the runtime reads a body by in one pass, in
//! place, without a `serde_json::Value` tree or a struct per level.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{JsonPath, Model};
use crate::symbol::Encoding;

/// The body of `parse_token_body`.
pub fn parser(model: &Model<'_>) -> TokenStream {
    let envelope = segments(model.envelope.as_ref());
    let success_flag = segments(model.success_flag.as_ref());
    let error_message = segments(model.error_message.as_ref());
    let graphql = model.encoding == Encoding::Graphql;
    quote! {
        const __SHAPE: __p::Shape = __p::Shape {
            envelope: &[#(#envelope),*],
            success_flag: &[#(#success_flag),*],
            error_message: &[#(#error_message),*],
            graphql: #graphql,
        };
        __p::parse_shape(__body, __format, &__SHAPE)
    }
}

fn segments(path: Option<&JsonPath>) -> &[String] {
    path.map_or(&[], |path| &path.segments[..])
}
