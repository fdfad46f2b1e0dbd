//! Where classes are defined and used, from the syntax tree (shared by the class rules).

use crate::source::Span;
use crate::syntax::ast::Statement;

/// A class name and where it is written.
pub(super) struct ClassName<'a> {
    pub name: &'a str,
    pub span: Span,
}

/// `classDef` names and class uses (`class ids name`, `:::name`), in source order.
#[derive(Default)]
pub(super) struct Classes<'a> {
    pub defined: Vec<ClassName<'a>>,
    pub used: Vec<ClassName<'a>>,
}

impl<'a> Classes<'a> {
    pub fn of(statements: &'a [Statement]) -> Self {
        let mut c = Classes::default();
        c.walk(statements);
        c
    }

    fn walk(&mut self, statements: &'a [Statement]) {
        for s in statements {
            match s {
                Statement::ClassDef(d) => {
                    let names: &str = &d.names.value;
                    let mut offset = 0;
                    for name in names.split(',') {
                        let start = d.names.span.start as usize + offset;
                        self.defined.push(ClassName {
                            name,
                            span: Span::new(start, start + name.len()),
                        });
                        offset += name.len() + 1;
                    }
                }
                Statement::Class(a) => self.used.push(ClassName {
                    name: &a.class.value,
                    span: a.class.span,
                }),
                Statement::Vertex(v) => {
                    let groups = std::iter::once(&v.first).chain(v.chain.iter().map(|(_, g)| g));
                    for g in groups {
                        for n in g {
                            if let Some(c) = &n.class {
                                self.used.push(ClassName {
                                    name: &c.value,
                                    span: c.span,
                                });
                            }
                        }
                    }
                }
                Statement::Subgraph(sg) => self.walk(&sg.body),
                _ => {}
            }
        }
    }
}
