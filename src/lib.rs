//! calque: finds English news articles that were machine-translated from
//! another language, or round-tripped through one to disguise a copied story.
//!
//! The library does the work; the `calque` binary parses arguments and prints.
//! Start at [`checker::Checker`]: it turns a [`document::Document`] into a
//! [`report::Report`] with a calibrated probability and located evidence.

pub mod checker;
pub mod chrome;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod document;
pub mod error;
pub mod eval;
pub mod first_name_index;
pub mod input;
pub mod key_set;
pub mod lang;
pub mod mine;
pub mod model;
pub mod output;
pub mod people;
pub mod phrase_table;
pub mod plot;
pub mod quotes;
pub mod report;
pub mod run;
pub mod signals;
pub mod sparse_logit;
pub mod text;
pub mod train;
pub mod translationese_fit;

pub use checker::Checker;
pub use config::Config;
pub use document::Document;
pub use report::Report;
