use auth_runtime::Choice;

#[derive(Clone, Copy, Choice)]
enum Region {}

fn main() {}
