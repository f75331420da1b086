//! Parsed CREATE statements → model elements.

use sqlparser::ast::{
    ColumnDef, ColumnOption, ConstraintCharacteristics, CreateDomain, CreateIndex, CreateTable,
    DeferrableInitial, Expr, GeneratedAs, IndexColumn, ReferentialAction as SqlAction, Spanned,
    TableConstraint,
};
use sqlparser::tokenizer::Token;

use super::{recover, Reader};
use crate::error::{Error, Result};
use crate::schema::model::{
    Check, Column, Domain, ForeignKey, Identity, Partitioning, QualifiedName, Reference,
    ReferentialAction, Table, UniqueKey,
};
use crate::schema::split::Piece;
use crate::schema::types::SqlType;
use crate::schema::Dialect;

/// Constraints found on a column definition, to attach to its table.
#[derive(Default)]
pub(super) struct ColumnConstraints {
    pub primary_key: Option<Option<String>>,
    pub unique: Vec<UniqueKey>,
    pub foreign_keys: Vec<ForeignKey>,
    pub checks: Vec<Check>,
}

impl Reader<'_> {
    pub(super) fn create_table(&mut self, ct: CreateTable, piece: &Piece) -> Result<()> {
        let name = self.qualified(&ct.name);
        let at = self.at_span(piece, ct.name.span());
        if let Some(owner) = self.shadow_of(&name) {
            self.skip(
                format!(
                    "CREATE TABLE of a shadow table of virtual table {owner} (SQLite keeps it)"
                ),
                Some(at),
            );
            return Ok(());
        }
        if let Some(parent) = &ct.partition_of {
            let parent = self.qualified(parent);
            let bound = ct
                .for_values
                .as_ref()
                .map(|v| v.to_string().trim_start_matches("FOR VALUES ").to_string())
                .unwrap_or_else(|| "DEFAULT".into());
            return self.attach_partition(&parent, name, bound, at);
        }
        if ct.query.is_some() || ct.like.is_some() || ct.clone.is_some() {
            self.skip(
                "CREATE TABLE … AS/LIKE/CLONE (columns come from another object)".into(),
                Some(at),
            );
            return Ok(());
        }
        if self.table_pos(&name).is_some() {
            if ct.if_not_exists {
                self.skip(
                    format!("CREATE TABLE IF NOT EXISTS {name} (already defined)"),
                    Some(at),
                );
                return Ok(());
            }
            return Err(Error::schema(
                Some(&at),
                format!("table {name} is defined twice; drop the earlier definition or rename one"),
            ));
        }
        let mut table = Table {
            name,
            columns: Vec::new(),
            primary_key: Vec::new(),
            primary_key_name: None,
            unique: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            partitioning: None,
            comment: ct.comment.as_ref().map(comment_text),
            virtual_module: None,
            seed: Vec::new(),
            at: Some(at),
        };
        for def in &ct.columns {
            let (column, constraints) = self.column(def, &table, piece)?;
            self.add_column_constraints(&mut table, &column.name, constraints);
            table.columns.push(column);
        }
        for constraint in &ct.constraints {
            self.table_constraint(&mut table, constraint, piece);
        }
        self.note_origin_names(&table, 0, 0, 0, table.primary_key_name.is_none());
        if self.dialect == Dialect::Postgres && !table.primary_key.is_empty() {
            // PostgreSQL makes no second index for a UNIQUE on the primary key's columns.
            let pk = table.primary_key.clone();
            table
                .unique
                .retain(|u| u.columns != pk || u.predicate.is_some());
        }
        if let Some(by) = &ct.partition_by {
            table.partitioning = Some(Partitioning {
                by: by.to_string(),
                partitions: Vec::new(),
            });
        }
        self.push_table(table);
        Ok(())
    }

    /// Records PostgreSQL's names for the table's unnamed constraints from the given
    /// positions on (those just added), as the server chooses them now.
    pub(super) fn note_origin_names(
        &mut self,
        table: &Table,
        unique_from: usize,
        fk_from: usize,
        check_from: usize,
        pk: bool,
    ) {
        if self.dialect != Dialect::Postgres {
            return;
        }
        let t = table.name.name.clone();
        let mut add = |label: &'static str, columns: &[String]| {
            let name = super::alter::postgres_constraint_name(&t, columns, label);
            self.origins.push(super::OriginName {
                table: table.name.clone(),
                name,
                label,
                columns: columns.to_vec(),
            });
        };
        if pk && !table.primary_key.is_empty() {
            add("pkey", &[]);
        }
        for u in table.unique[unique_from.min(table.unique.len())..]
            .iter()
            .filter(|u| u.name.is_none())
        {
            add("key", &u.columns);
        }
        for f in table.foreign_keys[fk_from.min(table.foreign_keys.len())..]
            .iter()
            .filter(|f| f.name.is_none())
        {
            add("fkey", &f.columns);
        }
        for c in table.checks[check_from.min(table.checks.len())..]
            .iter()
            .filter(|c| c.name.is_none())
        {
            let cols: Vec<String> = c.column.iter().cloned().collect();
            add("check", &cols);
        }
    }

    pub(super) fn add_column_constraints(
        &mut self,
        table: &mut Table,
        column: &str,
        c: ColumnConstraints,
    ) {
        if let Some(name) = c.primary_key {
            table.primary_key = vec![column.to_string()];
            table.primary_key_name = name;
        }
        table.unique.extend(c.unique);
        table.foreign_keys.extend(c.foreign_keys);
        table.checks.extend(c.checks);
    }

    /// One column definition and the constraints written on it.
    pub(super) fn column(
        &mut self,
        def: &ColumnDef,
        table: &Table,
        piece: &Piece,
    ) -> Result<(Column, ColumnConstraints)> {
        let name = self.ident(&def.name);
        let at = self.at_span(piece, def.name.span);
        let mut column = Column {
            name: name.clone(),
            data_type: SqlType::named("text"),
            nullable: true,
            default: None,
            identity: None,
            generated: None,
            domain: None,
            comment: None,
            at: Some(at.clone()),
        };
        self.set_type(&mut column, &def.data_type.to_string(), table)?;
        let options: Vec<(Option<String>, &ColumnOption)> = def
            .options
            .iter()
            .map(|o| (o.name.as_ref().map(|n| self.ident(n)), &o.option))
            .collect();
        let constraints = self.column_options(&mut column, &options, piece);
        Ok((column, constraints))
    }

    /// Sets the column's type from its SQL text, resolving serial pseudo-types, domains
    /// and recovered multi-word names.
    pub(super) fn set_type(
        &mut self,
        column: &mut Column,
        text: &str,
        table: &Table,
    ) -> Result<()> {
        let mut text = text.to_string();
        for (alias, original) in &self.type_aliases {
            if text.contains(alias.as_str()) {
                text = text.replace(alias.as_str(), original);
            }
        }
        let text = self.user_type_text(&text);
        let data_type = SqlType::parse(&text).map_err(|e| {
            Error::schema(
                column.at.as_ref(),
                format!("{}.{}: {e}", table.name, column.name),
            )
        })?;
        let lower = text.to_ascii_lowercase();
        if self.dialect == Dialect::Postgres
            && [
                "serial",
                "bigserial",
                "smallserial",
                "serial2",
                "serial4",
                "serial8",
            ]
            .contains(&lower.trim())
        {
            column.identity = Some(Identity::Serial);
            column.nullable = false;
        }
        column.data_type = data_type;
        column.domain = None;
        // A quoted domain name keeps its case ("Name" is a domain, not the type `name`).
        let written = text.trim().trim_end_matches("[]").replace('"', "");
        let as_name = self
            .schema
            .domains
            .iter()
            .any(|d| d.name.to_string() == written || d.name.name == written)
            .then(|| crate::schema::model::QualifiedName::try_from(written.clone()).ok())
            .flatten()
            .or_else(|| {
                crate::schema::model::QualifiedName::try_from(column.data_type.name.clone()).ok()
            })
            .filter(|_| column.data_type.params.is_empty());
        if let Some(domain) = as_name.and_then(|n| {
            self.schema
                .domains
                .iter()
                .find(|d| d.name == n)
                .or_else(|| self.schema.domains.iter().find(|d| d.name.matches(&n)))
        }) {
            let dims = column.data_type.array_dims;
            column.data_type = domain.data_type.clone();
            column.data_type.array_dims += dims;
            column.domain = Some(domain.name.clone());
            if domain.not_null {
                column.nullable = false;
            }
            if column.default.is_none() {
                column.default.clone_from(&domain.default);
            }
        }
        Ok(())
    }

    pub(super) fn column_options(
        &mut self,
        column: &mut Column,
        options: &[(Option<String>, &ColumnOption)],
        piece: &Piece,
    ) -> ColumnConstraints {
        let mut out = ColumnConstraints::default();
        for (name, option) in options {
            match option {
                ColumnOption::Null => column.nullable = true,
                ColumnOption::NotNull => column.nullable = false,
                ColumnOption::Default(e) => {
                    let text = self.expr_text(e);
                    if text.to_ascii_lowercase().contains("nextval(") {
                        column.identity.get_or_insert(Identity::Serial);
                    }
                    column.default = Some(text);
                }
                ColumnOption::PrimaryKey(pk) => {
                    column.nullable = false;
                    out.primary_key =
                        Some(name.clone().or(pk.name.as_ref().map(|n| self.ident(n))));
                    if self.dialect == Dialect::Sqlite
                        && column.data_type.name.eq_ignore_ascii_case("integer")
                    {
                        // INTEGER PRIMARY KEY is SQLite's rowid: it numbers itself.
                        column.identity.get_or_insert(Identity::AutoIncrement);
                    }
                }
                ColumnOption::Unique(u) => out.unique.push(UniqueKey {
                    name: name.clone().or(u.name.as_ref().map(|n| self.ident(n))),
                    columns: vec![column.name.clone()],
                    predicate: None,
                    prefixes: Vec::new(),
                    index: false,
                    at: column.at.clone(),
                }),
                ColumnOption::ForeignKey(fk) => {
                    if self.dialect == Dialect::MySql {
                        // MySQL and MariaDB parse an inline REFERENCES and ignore it.
                        self.skip(
                            format!(
                                "inline REFERENCES on {} (ignored by MySQL/MariaDB)",
                                column.name
                            ),
                            column.at.clone(),
                        );
                        continue;
                    }
                    out.foreign_keys.push(ForeignKey {
                        name: name.clone().or(fk.name.as_ref().map(|n| self.ident(n))),
                        columns: vec![column.name.clone()],
                        references: Reference {
                            table: self.qualified(&fk.foreign_table),
                            columns: fk.referred_columns.iter().map(|c| self.ident(c)).collect(),
                        },
                        on_delete: fk.on_delete.map(action),
                        on_update: fk.on_update.map(action),
                        deferrable: deferrable(fk.characteristics.as_ref()),
                        initially_deferred: initially_deferred(fk.characteristics.as_ref()),
                        at: Some(self.at_span(piece, fk.foreign_table.span())),
                    })
                }
                ColumnOption::Check(c) => out.checks.push(Check {
                    name: name.clone().or(c.name.as_ref().map(|n| self.ident(n))),
                    expr: self.expr_text(&c.expr),
                    column: Some(column.name.clone()),
                    at: Some(self.at_span(piece, c.expr.span())),
                }),
                ColumnOption::DialectSpecific(tokens) if tokens.iter().any(is_auto_increment) => {
                    column.identity = Some(Identity::AutoIncrement);
                }
                ColumnOption::Generated {
                    generated_as,
                    generation_expr,
                    ..
                } => match generation_expr {
                    Some(e) => column.generated = Some(self.expr_text(e)),
                    None => {
                        column.nullable = false;
                        column.identity = Some(match generated_as {
                            GeneratedAs::ByDefault => Identity::ByDefault,
                            _ => Identity::Always,
                        });
                    }
                },
                ColumnOption::Identity(_) => column.identity = Some(Identity::AutoIncrement),
                ColumnOption::Comment(text) => column.comment = Some(text.clone()),
                _ => {}
            }
        }
        out
    }

    pub(super) fn table_constraint(
        &mut self,
        table: &mut Table,
        c: &TableConstraint,
        piece: &Piece,
    ) {
        let cons = c;
        match c {
            TableConstraint::PrimaryKey(pk) => {
                table.primary_key = self.index_columns(&pk.columns);
                table.primary_key_name = pk.name.as_ref().map(|n| self.ident(n));
                for col in &table.primary_key {
                    if let Some(c) = table.columns.iter_mut().find(|c| c.name == *col) {
                        c.nullable = false;
                    }
                }
            }
            TableConstraint::Unique(u) => table.unique.push(UniqueKey {
                name: u
                    .name
                    .as_ref()
                    .or(u.index_name.as_ref())
                    .map(|n| self.ident(n)),
                columns: self.index_columns(&u.columns),
                predicate: None,
                prefixes: self.index_prefixes(&u.columns),
                index: false,
                at: Some(self.at_span(piece, c.span())),
            }),
            TableConstraint::ForeignKey(fk) => table.foreign_keys.push(ForeignKey {
                name: fk.name.as_ref().map(|n| self.ident(n)),
                columns: fk.columns.iter().map(|c| self.ident(c)).collect(),
                references: Reference {
                    table: self.qualified(&fk.foreign_table),
                    columns: fk.referred_columns.iter().map(|c| self.ident(c)).collect(),
                },
                on_delete: fk.on_delete.map(action),
                on_update: fk.on_update.map(action),
                deferrable: deferrable(fk.characteristics.as_ref()),
                initially_deferred: initially_deferred(fk.characteristics.as_ref()),
                at: Some(self.at_span(piece, c.span())),
            }),
            TableConstraint::Check(ch) => table.checks.push(Check {
                name: ch.name.as_ref().map(|n| self.ident(n)),
                expr: self.expr_text(&ch.expr),
                column: None,
                at: Some(self.at_span(piece, ch.expr.span())),
            }),
            // `PRIMARY KEY USING INDEX i` / `UNIQUE USING INDEX i` (PostgreSQL): the unique
            // index becomes the constraint.
            TableConstraint::PrimaryKeyUsingIndex(c) | TableConstraint::UniqueUsingIndex(c) => {
                let index = self.ident(&c.index_name);
                let Some(k) = table
                    .unique
                    .iter()
                    .position(|u| u.name.as_deref() == Some(index.as_str()))
                else {
                    self.skip(
                        format!("constraint USING INDEX {index} (no such unique index)"),
                        Some(self.at_span(piece, c.span())),
                    );
                    return;
                };
                let mut u = table.unique.remove(k);
                let name = c.name.as_ref().map(|n| self.ident(n));
                if matches!(constraint_kind(cons), "pk") {
                    table.primary_key = u.columns;
                    table.primary_key_name = name;
                    for col in &table.primary_key {
                        if let Some(x) = table.columns.iter_mut().find(|x| x.name == *col) {
                            x.nullable = false;
                        }
                    }
                } else {
                    u.name = name.or(u.name);
                    u.index = false;
                    table.unique.push(u);
                }
            }
            // Plain indexes, FULLTEXT/SPATIAL keys, EXCLUDE: they do not constrain values
            // that seedgen writes (EXCLUDE is noted for the plan).
            TableConstraint::Index(_) | TableConstraint::FulltextOrSpatial(_) => {}
            other => {
                let what = super::head_words(&other.to_string(), 3).join(" ");
                self.skip(
                    format!("table constraint {what}"),
                    Some(self.at_span(piece, c.span())),
                );
            }
        }
    }

    /// Column names of an index; expressions are kept as SQL text. A MySQL prefix index
    /// `meta_key(191)` names the column `meta_key`.
    pub(super) fn index_columns(&self, cols: &[IndexColumn]) -> Vec<String> {
        cols.iter()
            .map(|c| self.index_column(&c.column.expr))
            .collect()
    }

    /// The prefix lengths of a MySQL index's columns: `meta_key(191)` → (`meta_key`, 191).
    pub(super) fn index_prefixes(&self, cols: &[IndexColumn]) -> Vec<(String, u64)> {
        if self.dialect != Dialect::MySql {
            return Vec::new();
        }
        cols.iter()
            .filter_map(|c| match &c.column.expr {
                Expr::Function(f) if f.name.0.len() == 1 => {
                    let n = f.args.to_string();
                    let len = n
                        .trim_matches(|c| c == '(' || c == ')')
                        .trim()
                        .parse()
                        .ok()?;
                    Some((self.index_column(&c.column.expr), len))
                }
                _ => None,
            })
            .collect()
    }

    fn index_column(&self, e: &Expr) -> String {
        match e {
            Expr::Identifier(id) => self.ident(id),
            Expr::CompoundIdentifier(ids) => ids.last().map(|i| self.ident(i)).unwrap_or_default(),
            Expr::Function(f) if self.dialect == Dialect::MySql && f.name.0.len() == 1 => {
                match &f.name.0[0] {
                    sqlparser::ast::ObjectNamePart::Identifier(id) => self.ident(id),
                    _ => e.to_string(),
                }
            }
            other => other.to_string(),
        }
    }

    pub(super) fn create_index(&mut self, ci: CreateIndex, piece: &Piece) -> Result<()> {
        let at = self.at(piece, 1, 1);
        if !ci.unique {
            self.skip("CREATE INDEX (not unique)".into(), Some(at));
            return Ok(());
        }
        let mut table_name = self.qualified(&ci.table_name);
        // A partition's index: its rows are the parent's, so the key holds there.
        if let Some(parent) = self.partition_parent(&table_name) {
            table_name = parent;
        }
        let Some(i) = self.table_pos(&table_name) else {
            if self.views.iter().any(|v| v.matches(&table_name)) {
                self.skip("CREATE UNIQUE INDEX on a view".into(), Some(at));
                return Ok(());
            }
            return Err(Error::schema(
                Some(&at),
                format!("CREATE UNIQUE INDEX on {table_name}: no such table is defined before this statement"),
            ));
        };
        let columns = self.index_columns(&ci.columns);
        let predicate = ci.predicate.as_ref().map(ToString::to_string);
        if self.schema.tables[i]
            .unique
            .iter()
            .any(|u| u.columns == columns && u.predicate == predicate)
            || (predicate.is_none() && self.schema.tables[i].primary_key == columns)
        {
            self.skip(
                "CREATE UNIQUE INDEX (the same key is already there)".into(),
                Some(at),
            );
            return Ok(());
        }
        // PostgreSQL names an unnamed index after its table and columns (or the functions
        // of its expressions): `t_a_b_idx`, `t_lower_idx`; a DROP INDEX may use that.
        let name = ci
            .name
            .as_ref()
            .map(|n| self.qualified(n).name)
            .or_else(|| {
                (self.dialect == Dialect::Postgres).then(|| {
                    let parts: Vec<String> = columns
                        .iter()
                        .map(|c| c.split('(').next().unwrap_or(c).trim().to_lowercase())
                        .collect();
                    super::alter::postgres_constraint_name(
                        &self.schema.tables[i].name.name,
                        &parts,
                        "idx",
                    )
                })
            });
        let key = UniqueKey {
            name,
            columns,
            predicate,
            prefixes: self.index_prefixes(&ci.columns),
            index: true,
            at: Some(at),
        };
        self.schema.tables[i].unique.push(key);
        Ok(())
    }

    pub(super) fn create_domain(&mut self, cd: CreateDomain, piece: &Piece) -> Result<()> {
        let name = self.qualified(&cd.name);
        let at = self.at(piece, 1, 1);
        let data_type = SqlType::parse(&cd.data_type.to_string())
            .map_err(|e| Error::schema(Some(&at), format!("domain {name}: {e}")))?;
        let not_null = recover::domain_not_null(&piece.text, self.dialect);
        let checks = cd
            .constraints
            .iter()
            .filter_map(|c| match c {
                TableConstraint::Check(ch) => Some(Check {
                    name: ch.name.as_ref().map(|n| self.ident(n)),
                    expr: self.expr_text(&ch.expr),
                    column: None,
                    at: Some(self.at_span(piece, ch.expr.span())),
                }),
                _ => None,
            })
            .collect();
        self.schema.domains.retain(|d| d.name != name);
        self.schema.domains.push(Domain {
            name,
            data_type,
            not_null,
            default: cd.default.as_ref().map(ToString::to_string),
            checks,
            at: Some(at),
        });
        Ok(())
    }
}

/// Shadow tables SQLite makes for each virtual table module, by name suffix.
const SHADOW_SUFFIXES: &[(&str, &[&str])] = &[
    (
        "fts5",
        &["_data", "_idx", "_content", "_docsize", "_config"],
    ),
    (
        "fts4",
        &["_content", "_segments", "_segdir", "_docsize", "_stat"],
    ),
    (
        "fts3",
        &["_content", "_segments", "_segdir", "_docsize", "_stat"],
    ),
    ("rtree", &["_node", "_parent", "_rowid"]),
    ("rtree_i32", &["_node", "_parent", "_rowid"]),
    ("geopoly", &["_node", "_parent", "_rowid"]),
];

impl Reader<'_> {
    /// The virtual table whose shadow table `name` is.
    fn shadow_of(&self, name: &QualifiedName) -> Option<QualifiedName> {
        self.schema.tables.iter().find_map(|t| {
            let module = t.virtual_module.as_deref()?.to_ascii_lowercase();
            let (_, suffixes) = SHADOW_SUFFIXES.iter().find(|(m, _)| *m == module)?;
            let rest = name.name.strip_prefix(t.name.name.as_str())?;
            suffixes
                .iter()
                .any(|s| rest.eq_ignore_ascii_case(s))
                .then(|| t.name.clone())
        })
    }

    /// `CREATE VIRTUAL TABLE t USING fts5(title, body, content='posts')`: a table whose
    /// columns are the module's arguments (options such as `tokenize=…` left out). An
    /// R*Tree's first column is its integer key and the others come in (min, max) pairs,
    /// each min at most its max.
    pub(super) fn virtual_table(&mut self, piece: &Piece) -> Result<()> {
        let at = self.at(piece, 1, 1);
        let words = super::recover::idents_after(&piece.text, self.dialect, &["TABLE"]);
        let upper = piece.text.to_ascii_uppercase();
        let (Some(using), Some(open)) = (upper.find(" USING "), piece.text.find('(')) else {
            self.skip(
                "CREATE VIRTUAL TABLE without module arguments".into(),
                Some(at),
            );
            return Ok(());
        };
        let name_parts: Vec<String> = words
            .iter()
            .take_while(|w| !w.eq_ignore_ascii_case("USING"))
            .filter(|w| {
                !["IF", "NOT", "EXISTS"]
                    .iter()
                    .any(|k| w.eq_ignore_ascii_case(k))
            })
            .cloned()
            .collect();
        let name = super::qualified_from_parts(&name_parts);
        if self.table_pos(&name).is_some() {
            self.skip(
                format!("CREATE VIRTUAL TABLE {name} (already defined)"),
                Some(at),
            );
            return Ok(());
        }
        let module = piece.text[using + 7..open].trim().to_ascii_lowercase();
        let args = split_args(&piece.text[open + 1..]);
        let column = |name: &str, t: &str, nullable: bool| Column {
            name: name
                .trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']' || c == '\'')
                .to_string(),
            data_type: SqlType::parse(t).unwrap_or_else(|_| SqlType::named("text")),
            nullable,
            default: None,
            identity: None,
            generated: None,
            domain: None,
            comment: None,
            at: Some(at.clone()),
        };
        let mut table = Table {
            name,
            columns: Vec::new(),
            primary_key: Vec::new(),
            primary_key_name: None,
            unique: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            partitioning: None,
            comment: None,
            virtual_module: Some(module.clone()),
            seed: Vec::new(),
            at: Some(at.clone()),
        };
        let names: Vec<&str> = args
            .iter()
            .filter(|a| !a.contains('='))
            .filter_map(|a| a.split_whitespace().next())
            .collect();
        if module.starts_with("rtree") || module == "geopoly" {
            let coord = if module == "rtree_i32" {
                "integer"
            } else {
                "real"
            };
            for (k, n) in names.iter().enumerate() {
                // Auxiliary columns (`+name`) hold anything.
                if let Some(aux) = n.strip_prefix('+') {
                    table.columns.push(column(aux, "any", true));
                    continue;
                }
                let ty = if k == 0 { "integer" } else { coord };
                table.columns.push(column(n, ty, false));
            }
            if let Some(id) = table.columns.first() {
                table.primary_key = vec![id.name.clone()];
            }
            let coords: Vec<String> = table
                .columns
                .iter()
                .skip(1)
                .filter(|c| c.data_type.name != "any")
                .map(|c| c.name.clone())
                .collect();
            for pair in coords.chunks(2) {
                if let [lo, hi] = pair {
                    table.checks.push(Check {
                        name: Some(format!("{module} bounds")),
                        expr: format!("\"{lo}\" <= \"{hi}\""),
                        column: None,
                        at: Some(at.clone()),
                    });
                }
            }
        } else {
            for n in names {
                table.columns.push(column(n, "text", true));
            }
        }
        self.push_table(table);
        Ok(())
    }
}

/// The arguments of `module(a, b, opt='x, y')` (the text after the opening
/// parenthesis), split at top-level commas, up to the closing parenthesis.
fn split_args(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None if c == '(' => depth += 1,
            None if c == ')' && depth == 0 => break,
            None if c == ')' => depth -= 1,
            None if c == ',' && depth == 0 => {
                out.push(std::mem::take(&mut cur).trim().to_string());
                continue;
            }
            None => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn constraint_kind(c: &TableConstraint) -> &'static str {
    match c {
        TableConstraint::PrimaryKeyUsingIndex(_) | TableConstraint::PrimaryKey(_) => "pk",
        _ => "other",
    }
}

fn comment_text(c: &sqlparser::ast::CommentDef) -> String {
    match c {
        sqlparser::ast::CommentDef::WithEq(s) | sqlparser::ast::CommentDef::WithoutEq(s) => {
            s.clone()
        }
    }
}

fn is_auto_increment(t: &Token) -> bool {
    matches!(t, Token::Word(w) if w.value.eq_ignore_ascii_case("AUTO_INCREMENT")
        || w.value.eq_ignore_ascii_case("AUTOINCREMENT"))
}

fn action(a: SqlAction) -> ReferentialAction {
    match a {
        SqlAction::Restrict => ReferentialAction::Restrict,
        SqlAction::Cascade => ReferentialAction::Cascade,
        SqlAction::SetNull => ReferentialAction::SetNull,
        SqlAction::SetDefault => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

fn deferrable(c: Option<&ConstraintCharacteristics>) -> bool {
    c.and_then(|c| c.deferrable).unwrap_or(false)
}

fn initially_deferred(c: Option<&ConstraintCharacteristics>) -> bool {
    matches!(
        c.and_then(|c| c.initially),
        Some(DeferrableInitial::Deferred)
    )
}
