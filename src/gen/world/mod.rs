//! The background world: the county with its departments, and per town the orgs, officials
//! with three-generation families, resident households, companies, contracts in (buyer,
//! category) slots, bids, payments and tips. Each submodule is an `impl Generator` block
//! for one family of tables.
//!
//! The background is clean by construction, so that every alert comes from a planted case:
//! - officials' families and resident households are disjoint kinship clusters; company
//!   roles, payees and bidders are drawn from residents only, so no relative of an official
//!   stands in a company or is paid unless a planted case says so;
//! - (name, birth date) and id numbers are unique, so no accidental identity link exists;
//! - phones are unique; company addresses (工业园区 ... 路 N号) never look like homes (村 N号);
//! - in a (buyer, category) slot every contract has a different supplier and amounts stay
//!   within a factor 2.5, so no supplier reaches 60 % of a window of 3 or more contracts
//!   and no split group exists;
//! - every background construction tender demands grade 3 and no construction tender
//!   demands none, so no background tender is stricter than its peers;
//! - open tenders have 3-5 bids with at least two qualified losers;
//! - money handled by a cadre is booked within 10 days; officials are never paid by a
//!   collective enterprise.

mod companies;
mod contracts;
mod families;
mod orgs;
mod payments;
mod people;

pub(super) use companies::CompanySpec;
pub(super) use families::ChildHome;
pub(super) use orgs::Post;
pub(super) use payments::Payment;
