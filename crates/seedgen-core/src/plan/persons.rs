//! Columns that agree with the row's person (data version 2): a gender or salutation
//! column drawn from a list of labels (an enum, a CHECK, a vocabulary) names the gender
//! of the row's first name, so `Mrs.` goes with `Emma` and `M` with `James`.
//!
//! The person's gender is a fair draw per row (the engine's `Context::female`); in a
//! woman's row the women's labels share the draw evenly, in a man's the men's, and
//! labels that name no gender (`U`, `X`, `Dr.`) keep a small share of both. The list's
//! own weights (falling with a CHECK list's order) are for statuses, not people; a
//! column the settings weigh keeps its own draw.

use super::infer::normal;
use super::ir::Gen;
use super::TablePlan;
use crate::cell::Val;
use crate::locale::label_gender;

/// Names of columns that hold a person's gender or salutation.
const PERSON_LABELS: &[&str] = &[
    "gender",
    "sex",
    "salutation",
    "titleofcourtesy",
    "courtesytitle",
    "nametitle",
    "honorific",
    "nameprefix",
    "title",
];

/// The share of the labels that name no gender, when the list has some.
const NEUTRAL: f64 = 0.03;

/// Makes the gender and salutation columns of every table follow the row's person.
pub(super) fn agree_with_person(tables: &mut [TablePlan]) {
    for tp in tables {
        for col in &mut tp.columns {
            let n = normal(&col.name);
            let named = PERSON_LABELS.iter().any(|p| n.ends_with(p));
            if !named || !col.written || col.reason.contains("settings") {
                continue;
            }
            if let Some(gen) = gendered(&col.gen) {
                col.gen = gen;
                col.reason = col
                    .reason
                    .replace(", shares falling with the list's order", "");
                col.reason.push_str(", agreeing with the row's first name");
            }
        }
    }
}

/// A list's labels as a [`Gen::Gendered`] when they name both genders.
fn gendered(gen: &Gen) -> Option<Gen> {
    let items = match gen {
        Gen::Values {
            items,
            cycle: false,
        }
        | Gen::Weighted { items, .. } => items,
        _ => return None,
    };
    let genders: Vec<Option<bool>> = items
        .iter()
        .map(|s| match s.val {
            Val::Text => label_gender(&s.text),
            _ => None,
        })
        .collect();
    let count = |g: Option<bool>| genders.iter().filter(|&&x| x == g).count() as f64;
    let (women, men, neutral) = (count(Some(true)), count(Some(false)), count(None));
    if women == 0.0 || men == 0.0 {
        return None;
    }
    let kept = if neutral > 0.0 { NEUTRAL } else { 0.0 };
    let arm = |female: bool, own: f64| -> Vec<u64> {
        let mut acc = 0u64;
        genders
            .iter()
            .map(|g| {
                let x = match g {
                    None => kept / neutral,
                    Some(g) if *g == female => (1.0 - kept) / own,
                    Some(_) => 0.0,
                };
                acc += (x * 1e6).round() as u64;
                acc
            })
            .collect()
    };
    Some(Gen::Gendered {
        items: items.clone(),
        cum: [arm(true, women), arm(false, men)],
    })
}
