//! The response parser: serde structs generated for the declared envelope, so that reading a
//! response is one typed deserialization, not a walk over a `serde_json::Value`.
//!
//! The declared paths (envelope, success flag, error message) are merged into a tree; each
//! inner node becomes a struct whose fields are its children, and each leaf a lenient runtime
//! type (`TokenFields`, `Flag`, `Message`). Unknown fields are skipped by serde.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::Model;
use crate::symbol::Encoding;

#[derive(Clone, Copy, PartialEq)]
enum Leaf {
    Token,
    Flag,
    Message,
}

#[derive(Default)]
struct Node {
    children: Vec<(String, Child)>,
}

enum Child {
    Node(Node),
    Leaf(Leaf),
}

impl Node {
    /// Adds `leaf` at `path` below this node. The checks guarantee paths do not overlap.
    fn insert(&mut self, path: &[String], leaf: Leaf) {
        let Some((head, rest)) = path.split_first() else {
            return;
        };
        let position = self.children.iter().position(|(name, _)| name == head);
        if rest.is_empty() {
            if position.is_none() {
                self.children.push((head.clone(), Child::Leaf(leaf)));
            }
            return;
        }
        let index = position.unwrap_or_else(|| {
            self.children
                .push((head.clone(), Child::Node(Node::default())));
            self.children.len() - 1
        });
        if let Child::Node(node) = &mut self.children[index].1 {
            node.insert(rest, leaf);
        }
    }
}

/// The generated structs, and the body of `parse_token_body`.
pub fn parser(model: &Model<'_>) -> (TokenStream, TokenStream) {
    let Some(envelope) = &model.envelope else {
        let body = quote! {
            let __token: __p::TokenFields = __p::parse_body(__body, __format)?;
            __p::Ok(__p::Envelope { token: __p::Some(__token), ..__p::Envelope::default() })
        };
        return (TokenStream::new(), body);
    };
    let mut root = Node::default();
    root.insert(&envelope.segments, Leaf::Token);
    if let Some(flag) = &model.success_flag {
        root.insert(&flag.segments, Leaf::Flag);
    }
    if let Some(message) = &model.error_message {
        root.insert(&message.segments, Leaf::Message);
    }
    let graphql = model.encoding == Encoding::Graphql;
    let mut items = Vec::new();
    let mut counter = 0;
    struct_for(&root, &mut counter, &mut items, graphql);
    let walk = walk(&root, quote!(__root), &mut 0);
    let unwrap_graphql = graphql.then(|| {
        quote! {
            if let __p::Some(__errors) = __root.__errors.take() {
                __env.graphql_errors = __p::graphql_messages(__errors);
            }
            if let __p::Some(__inner) = __root.__data.take() {
                __root = *__inner;
            }
        }
    });
    let body = quote! {
        #[allow(unused_mut)]
        let mut __root: __Node0 = __p::parse_body(__body, __format)?;
        let mut __env = __p::Envelope::default();
        #unwrap_graphql
        #walk
        __p::Ok(__env)
    };
    (quote!(#(#items)*), body)
}

/// Emits the struct for `node` and its descendants; returns the struct's name.
fn struct_for(
    node: &Node,
    counter: &mut usize,
    items: &mut Vec<TokenStream>,
    graphql_root: bool,
) -> syn::Ident {
    let name = format_ident!("__Node{}", *counter);
    *counter += 1;
    let fields: Vec<TokenStream> = node
        .children
        .iter()
        .enumerate()
        .map(|(i, (key, child))| {
            let field = format_ident!("__c{}", i);
            let ty = match child {
                Child::Leaf(Leaf::Token) => quote!(__p::TokenFields),
                Child::Leaf(Leaf::Flag) => quote!(__p::Flag),
                Child::Leaf(Leaf::Message) => quote!(__p::Message),
                Child::Node(inner) => {
                    let inner = struct_for(inner, counter, items, false);
                    quote!(#inner)
                }
            };
            quote! {
                #[serde(rename = #key, default)]
                #field: __p::Option<#ty>,
            }
        })
        .collect();
    let graphql_fields = graphql_root.then(|| {
        quote! {
            #[serde(rename = "data", default)]
            __data: __p::Option<::std::boxed::Box<#name>>,
            #[serde(rename = "errors", default)]
            __errors: __p::Option<__p::Vec<__p::GraphqlError>>,
        }
    });
    items.push(quote! {
        #[derive(::auth_runtime::__private::serde::Deserialize)]
        #[serde(crate = "::auth_runtime::__private::serde")]
        struct #name {
            #(#fields)*
            #graphql_fields
        }
    });
    name
}

/// Moves each leaf of `node` (held in `expr`) into the `Envelope`.
fn walk(node: &Node, expr: TokenStream, depth: &mut usize) -> TokenStream {
    let steps = node.children.iter().enumerate().map(|(i, (_, child))| {
        let field = format_ident!("__c{}", i);
        match child {
            Child::Leaf(Leaf::Token) => quote!(__env.token = #expr.#field;),
            Child::Leaf(Leaf::Flag) => quote!(__env.success = #expr.#field.and_then(|__f| __f.0);),
            Child::Leaf(Leaf::Message) => {
                quote!(__env.message = #expr.#field.and_then(|__m| __m.0);)
            }
            Child::Node(inner) => {
                *depth += 1;
                let local = format_ident!("__n{}", *depth);
                let inner_walk = walk(inner, quote!(#local), depth);
                quote! {
                    if let __p::Some(#local) = #expr.#field {
                        #inner_walk
                    }
                }
            }
        }
    });
    quote!(#(#steps)*)
}
