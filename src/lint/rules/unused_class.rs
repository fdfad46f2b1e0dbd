use super::classes::Classes;
use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `classDef` that no `class` statement or `:::` shorthand uses.
    ///
    /// ## Why is this bad?
    /// An unused style is clutter, and often the sign of a renamed class whose users were
    /// not updated (see `undefined-class`).
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     Api["API"]
    ///     classDef appStyle fill:#28A745
    ///     classDef oldStyle fill:#999
    ///     class Api appStyle
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     Api["API"]
    ///     classDef appStyle fill:#28A745
    ///     class Api appStyle
    /// ```
    ///
    /// ## Options
    /// None. `classDef default` styles every node and is never reported.
    ///
    /// ## References
    /// - [Mermaid: classes](https://mermaid.js.org/syntax/flowchart.html#classes)
    pub struct UnusedClass {
        id: "unused-class",
        severity: Info,
        summary: "A classDef that nothing uses.",
    }
}

impl_rule!(UnusedClass);

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let classes = Classes::of(&cx.chart.statements);
    let mut reported: Vec<&str> = Vec::new();
    for def in &classes.defined {
        if def.name == "default"
            || reported.contains(&def.name)
            || classes.used.iter().any(|u| u.name == def.name)
        {
            continue;
        }
        reported.push(def.name);
        out.push(
            Violation::new(def.span, format!("classDef `{}` is never used", def.name))
                .label("unused class")
                .help(format!(
                    "apply it with `class ID {}` or `ID:::{}`, or remove it",
                    def.name, def.name
                )),
        );
    }
}
