use super::classes::Classes;
use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `class ids NAME` statements and `:::NAME` shorthands whose class has no
    /// `classDef`.
    ///
    /// ## Why is this bad?
    /// Mermaid silently ignores a class it does not know: the node keeps the default style,
    /// and the colour coding that tells databases from services is wrong. It is almost
    /// always a typo (`dbstyle` for `dbStyle`) or a `classDef` that was deleted.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     Db[("PostgreSQL")]
    ///     classDef dbStyle fill:#DC3545
    ///     class Db dbstyle
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     Db[("PostgreSQL")]
    ///     classDef dbStyle fill:#DC3545
    ///     class Db dbStyle
    /// ```
    ///
    /// ## Options
    /// None. `default` (Mermaid's class for every node) is never reported.
    ///
    /// ## References
    /// - [Mermaid: classes](https://mermaid.js.org/syntax/flowchart.html#classes)
    pub struct UndefinedClass {
        id: "undefined-class",
        severity: Warning,
        summary: "A class is used but never defined with classDef.",
    }
}

impl_rule!(UndefinedClass);

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let classes = Classes::of(&cx.chart.statements);
    for used in &classes.used {
        if used.name == "default" || classes.defined.iter().any(|d| d.name == used.name) {
            continue;
        }
        let similar = classes
            .defined
            .iter()
            .find(|d| d.name.eq_ignore_ascii_case(used.name));
        let v = Violation::new(used.span, format!("class `{}` has no classDef", used.name))
            .label("undefined class");
        out.push(match similar {
            Some(d) => v
                .related(d.span, format!("`{}` is defined here", d.name))
                .help(format!(
                    "did you mean `{}`? Class names are case-sensitive",
                    d.name
                )),
            None => v.help(format!(
                "define it with `classDef {} fill:…`, or fix the name",
                used.name
            )),
        });
    }
}
