//! ALTER statements applied to the model, in file order (so a folder of migrations
//! gives the final schema).

use sqlparser::ast::{
    AlterColumnOperation, AlterTable, AlterTableOperation, AlterType, AlterTypeAddValuePosition,
    AlterTypeOperation, ColumnOption, GeneratedAs, RenameTableNameKind, Spanned,
};

use super::Reader;
use crate::error::{Error, Result};
use crate::location::Location;
use crate::schema::model::{Identity, Partition, Partitioning, QualifiedName, Table};
use crate::schema::split::Piece;

impl Reader<'_> {
    pub(super) fn alter_table(&mut self, at_stmt: AlterTable, piece: &Piece) -> Result<()> {
        let name = self.qualified(&at_stmt.name);
        let at = self.at_span(piece, at_stmt.name.span());
        let Some(index) = self.table_pos(&name) else {
            if at_stmt.if_exists {
                return Ok(());
            }
            if self.is_partition(&name) {
                self.partition_foreign_keys(&name, &at_stmt, piece, &at);
                self.skip(
                    format!("ALTER TABLE {name} (a partition: its parent's constraints apply)"),
                    Some(at),
                );
                return Ok(());
            }
            return Err(Error::schema(
                Some(&at),
                format!("ALTER TABLE {name}: no such table is defined before this statement"),
            ));
        };
        // Take the table out while it changes, so constraint helpers can borrow `self`;
        // a placeholder keeps its place (and the other tables' positions).
        let mut table = std::mem::replace(&mut self.schema.tables[index], placeholder());
        let result = at_stmt
            .operations
            .iter()
            .try_for_each(|op| self.alter_op(&mut table, op, piece, &at));
        let renamed = table.name.clone();
        let pos = self
            .schema
            .tables
            .iter()
            .position(is_placeholder)
            .expect("the placeholder is in the list");
        self.schema.tables[pos] = table;
        if renamed != name {
            self.tables_changed();
            self.rename_references(&name, &renamed);
            for o in self.origins.iter_mut().filter(|o| o.table.matches(&name)) {
                o.table = renamed.clone();
            }
        }
        result
    }

    fn alter_op(
        &mut self,
        table: &mut Table,
        op: &AlterTableOperation,
        piece: &Piece,
        at: &Location,
    ) -> Result<()> {
        let missing_column = |table: &Table, col: &str| missing_column(at, table, col);
        match op {
            AlterTableOperation::AddConstraint { constraint, .. } => {
                let (u, f, c, pk) = (
                    table.unique.len(),
                    table.foreign_keys.len(),
                    table.checks.len(),
                    table.primary_key.is_empty(),
                );
                self.table_constraint(table, constraint, piece);
                let new_pk = pk && table.primary_key_name.is_none();
                self.note_origin_names(table, u, f, c, new_pk);
            }
            AlterTableOperation::AddColumn {
                column_def,
                if_not_exists,
                column_position,
                ..
            } => self.add_column(
                table,
                column_def,
                *if_not_exists,
                column_position.as_ref(),
                piece,
                at,
            )?,
            AlterTableOperation::DropColumn {
                column_names,
                if_exists,
                ..
            } => {
                for c in column_names {
                    let c = self.ident(c);
                    if table.column(&c).is_none() && !*if_exists {
                        return Err(missing_column(table, &c));
                    }
                    drop_column(table, &c);
                }
            }
            AlterTableOperation::DropConstraint { name, .. } => {
                let n = self.ident(name);
                // An unnamed constraint by the name the server gave it when it was made.
                let origin = self
                    .origins
                    .iter()
                    .position(|o| o.name == n && o.table.matches(&table.name));
                if let Some(i) = origin {
                    let o = self.origins.remove(i);
                    drop_unnamed(table, o.label, &o.columns);
                }
                drop_constraint(table, &n, self.dialect);
            }
            AlterTableOperation::DropPrimaryKey { .. } => {
                table.primary_key.clear();
                table.primary_key_name = None;
            }
            AlterTableOperation::DropForeignKey { name, .. } => {
                let n = self.ident(name);
                table.foreign_keys.retain(|f| f.name.as_deref() != Some(&n));
            }
            AlterTableOperation::DropIndex { name } => {
                let n = self.ident(name);
                table.unique.retain(|u| u.name.as_deref() != Some(&n));
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let (old, new) = (self.ident(old_column_name), self.ident(new_column_name));
                if table.column(&old).is_none() {
                    return Err(missing_column(table, &old));
                }
                rename_column(table, &old, &new);
                let tname = table.name.clone();
                self.rename_referenced_column(&tname, &old, &new);
                for o in self.origins.iter_mut().filter(|o| o.table.matches(&tname)) {
                    for c in &mut o.columns {
                        if *c == old {
                            c.clone_from(&new);
                        }
                    }
                }
            }
            AlterTableOperation::RenameTable { table_name } => {
                let n = match table_name {
                    RenameTableNameKind::As(n) | RenameTableNameKind::To(n) => n,
                };
                let mut new = self.qualified(n);
                if new.schema.is_none() {
                    new.schema.clone_from(&table.name.schema);
                }
                table.name = new;
            }
            AlterTableOperation::ChangeColumn {
                old_name,
                new_name,
                data_type,
                options,
                column_position,
            } => {
                let (old, new) = (self.ident(old_name), self.ident(new_name));
                self.redefine_column(table, &old, &data_type.to_string(), options, piece, at)?;
                if old != new {
                    rename_column(table, &old, &new);
                    let tname = table.name.clone();
                    self.rename_referenced_column(&tname, &old, &new);
                }
                self.place_column(table, &new, column_position.as_ref());
            }
            AlterTableOperation::ModifyColumn {
                col_name,
                data_type,
                options,
                column_position,
            } => {
                let c = self.ident(col_name);
                self.redefine_column(table, &c, &data_type.to_string(), options, piece, at)?;
                self.place_column(table, &c, column_position.as_ref());
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                self.alter_column(table, column_name, op, at)?
            }
            AlterTableOperation::AttachPartitionOf {
                partition,
                for_values,
            } => self.attach_partition_of(table, partition, for_values, at),
            other => {
                let what = super::head_words(&other.to_string(), 2).join(" ");
                self.skip(
                    format!("ALTER TABLE … {what}"),
                    Some(self.at_span(piece, other.span())),
                );
            }
        }
        Ok(())
    }

    /// `ADD COLUMN` (MySQL: `FIRST`/`AFTER`), with its inline constraints.
    fn add_column(
        &mut self,
        table: &mut Table,
        column_def: &sqlparser::ast::ColumnDef,
        if_not_exists: bool,
        column_position: Option<&sqlparser::ast::MySQLColumnPosition>,
        piece: &Piece,
        at: &Location,
    ) -> Result<()> {
        let name = self.ident(&column_def.name);
        if table.column(&name).is_some() {
            if if_not_exists {
                return Ok(());
            }
            return Err(Error::schema(
                Some(at),
                format!("ALTER TABLE {}: column {name} already exists", table.name),
            ));
        }
        let (column, constraints) = self.column(column_def, table, piece)?;
        self.add_column_constraints(table, &name, constraints);
        table.columns.push(column);
        self.place_column(table, &name, column_position);
        Ok(())
    }

    /// `ALTER COLUMN c SET/DROP NOT NULL | DEFAULT | TYPE | ADD GENERATED`.
    fn alter_column(
        &mut self,
        table: &mut Table,
        column_name: &sqlparser::ast::Ident,
        op: &AlterColumnOperation,
        at: &Location,
    ) -> Result<()> {
        let c = self.ident(column_name);
        let snapshot = table.clone();
        let Some(column) = table.column_mut(&c) else {
            return Err(missing_column(at, &snapshot, &c));
        };
        match op {
            AlterColumnOperation::SetNotNull => column.nullable = false,
            AlterColumnOperation::DropNotNull => column.nullable = true,
            AlterColumnOperation::SetDefault { value } => {
                let text = self.expr_text(value);
                if text.to_ascii_lowercase().contains("nextval(") {
                    column.identity.get_or_insert(Identity::Serial);
                }
                column.default = Some(text);
            }
            AlterColumnOperation::DropDefault => column.default = None,
            AlterColumnOperation::SetDataType { data_type, .. } => {
                let mut col = column.clone();
                self.set_type(&mut col, &data_type.to_string(), &snapshot)?;
                *table.column_mut(&c).expect("column exists") = col;
            }
            AlterColumnOperation::AddGenerated { generated_as, .. } => {
                column.nullable = false;
                column.identity = Some(match generated_as {
                    Some(GeneratedAs::ByDefault) => Identity::ByDefault,
                    _ => Identity::Always,
                });
            }
            _ => {}
        }
        Ok(())
    }

    /// `ATTACH PARTITION p FOR VALUES …`: the partition table becomes one of the
    /// table's partitions.
    fn attach_partition_of(
        &mut self,
        table: &mut Table,
        partition: &sqlparser::ast::ObjectName,
        for_values: &sqlparser::ast::ForValues,
        at: &Location,
    ) {
        let name = self.qualified(partition);
        let bound = for_values
            .to_string()
            .trim_start_matches("FOR VALUES ")
            .to_string();
        // The parent is out of the list while it is altered: attach directly.
        let at = self
            .take_table(&name)
            .and_then(|t| t.at)
            .or_else(|| Some(at.clone()));
        add_partition(
            table,
            Partition {
                name,
                bound,
                at,
                foreign_keys: Vec::new(),
            },
        );
    }

    /// MySQL `FIRST` / `AFTER other`: moves the column.
    fn place_column(
        &self,
        table: &mut Table,
        name: &str,
        position: Option<&sqlparser::ast::MySQLColumnPosition>,
    ) {
        use sqlparser::ast::MySQLColumnPosition as P;
        let Some(position) = position else { return };
        let Some(from) = table.columns.iter().position(|c| c.name == name) else {
            return;
        };
        let col = table.columns.remove(from);
        let to = match position {
            P::First => 0,
            P::After(other) => {
                let other = self.ident(other);
                table
                    .columns
                    .iter()
                    .position(|c| c.name == other)
                    .map_or(table.columns.len(), |i| i + 1)
            }
        };
        table.columns.insert(to, col);
    }

    /// MySQL `MODIFY`/`CHANGE`: the column is defined anew (type, nullability, default,
    /// auto-increment), keeping its place.
    fn redefine_column(
        &mut self,
        table: &mut Table,
        name: &str,
        data_type: &str,
        options: &[ColumnOption],
        piece: &Piece,
        at: &Location,
    ) -> Result<()> {
        let Some(old) = table.column(name).cloned() else {
            return Err(Error::schema(
                Some(at),
                format!("ALTER TABLE {}: no column {name}", table.name),
            ));
        };
        let mut column = old.clone();
        column.nullable = true;
        column.default = None;
        column.identity = None;
        column.generated = None;
        self.set_type(&mut column, data_type, table)?;
        let opts: Vec<(Option<String>, &ColumnOption)> =
            options.iter().map(|o| (None, o)).collect();
        let constraints = self.column_options(&mut column, &opts, piece);
        if table.primary_key.iter().any(|c| c == name) {
            column.nullable = false;
        }
        *table.column_mut(name).expect("column exists") = column;
        self.add_column_constraints(table, name, constraints);
        Ok(())
    }

    /// Moves a table that was created on its own into its parent's partitions.
    pub(super) fn attach_partition(
        &mut self,
        parent: &QualifiedName,
        name: QualifiedName,
        bound: String,
        at: Location,
    ) -> Result<()> {
        let Some(pi) = self.table_pos(parent) else {
            return Err(Error::schema(
                Some(&at),
                format!(
                    "partition {name} of {parent}: no such table is defined before this statement"
                ),
            ));
        };
        self.take_table(&name);
        let pi = self.table_pos(parent).unwrap_or(pi);
        add_partition(
            &mut self.schema.tables[pi],
            Partition {
                name,
                bound,
                at: Some(at),
                foreign_keys: Vec::new(),
            },
        );
        Ok(())
    }

    fn take_table(&mut self, name: &QualifiedName) -> Option<Table> {
        let i = self.table_pos(name)?;
        self.tables_changed();
        Some(self.schema.tables.remove(i))
    }

    /// Records the foreign keys an ALTER TABLE on a partition adds, on that partition.
    fn partition_foreign_keys(
        &mut self,
        name: &QualifiedName,
        stmt: &AlterTable,
        piece: &Piece,
        at: &crate::schema::Location,
    ) {
        let Some(pi) = self.schema.tables.iter().position(|t| {
            t.partitioning
                .as_ref()
                .is_some_and(|p| p.partitions.iter().any(|p| p.name.matches(name)))
        }) else {
            return;
        };
        // Apply the statement to a copy of the parent and keep only the new foreign keys.
        let mut scratch = self.schema.tables[pi].clone();
        let before = scratch.foreign_keys.len();
        for op in &stmt.operations {
            if self.alter_op(&mut scratch, op, piece, at).is_err() {
                return;
            }
        }
        let added: Vec<_> = scratch.foreign_keys.drain(before..).collect();
        if let Some(part) = self.schema.tables[pi]
            .partitioning
            .as_mut()
            .and_then(|p| p.partitions.iter_mut().find(|p| p.name.matches(name)))
        {
            part.foreign_keys.extend(added);
        }
    }

    fn is_partition(&mut self, name: &QualifiedName) -> bool {
        self.partition_parent(name).is_some()
    }

    /// The table whose partition `name` is.
    pub(super) fn partition_parent(&mut self, name: &QualifiedName) -> Option<QualifiedName> {
        if self.table_pos(name).is_some() {
            return None;
        }
        self.schema
            .tables
            .iter()
            .find(|t| {
                t.partitioning
                    .as_ref()
                    .is_some_and(|p| p.partitions.iter().any(|p| p.name.matches(name)))
            })
            .map(|t| t.name.clone())
    }

    fn rename_references(&mut self, old: &QualifiedName, new: &QualifiedName) {
        for t in &mut self.schema.tables {
            for fk in &mut t.foreign_keys {
                if fk.references.table.matches(old) {
                    fk.references.table = new.clone();
                }
            }
        }
    }

    fn rename_referenced_column(&mut self, table: &QualifiedName, old: &str, new: &str) {
        for t in &mut self.schema.tables {
            for fk in &mut t.foreign_keys {
                if fk.references.table.matches(table) {
                    for c in &mut fk.references.columns {
                        if c == old {
                            *c = new.to_string();
                        }
                    }
                }
            }
        }
    }

    pub(super) fn alter_type(&mut self, at: AlterType, piece: &Piece) -> Result<()> {
        let name = self.qualified(&at.name);
        let loc = self.at(piece, 1, 1);
        let Some(e) = self.schema.enums.iter_mut().find(|e| e.name.matches(&name)) else {
            self.skip(
                format!("ALTER TYPE {name} (not an enum defined here)"),
                Some(loc),
            );
            return Ok(());
        };
        match at.operation {
            AlterTypeOperation::AddValue(add) => {
                let label = add.value.value;
                if e.labels.contains(&label) {
                    return Ok(());
                }
                let pos = match &add.position {
                    Some(AlterTypeAddValuePosition::Before(b)) => {
                        e.labels.iter().position(|l| *l == b.value)
                    }
                    Some(AlterTypeAddValuePosition::After(a)) => {
                        e.labels.iter().position(|l| *l == a.value).map(|p| p + 1)
                    }
                    None => None,
                };
                let pos = pos.unwrap_or(e.labels.len());
                e.labels.insert(pos, label);
            }
            AlterTypeOperation::RenameValue(r) => {
                for l in &mut e.labels {
                    if *l == r.from.value {
                        l.clone_from(&r.to.value);
                    }
                }
            }
            AlterTypeOperation::Rename(r) => {
                e.name.name = r.new_name.value;
            }
        }
        Ok(())
    }
}

/// What stands in a table's place while an ALTER TABLE changes it.
fn placeholder() -> Table {
    Table {
        name: QualifiedName::bare("\u{0}altering"),
        columns: Vec::new(),
        primary_key: Vec::new(),
        primary_key_name: None,
        unique: Vec::new(),
        foreign_keys: Vec::new(),
        checks: Vec::new(),
        partitioning: None,
        comment: None,
        virtual_module: None,
        seed: Vec::new(),
        at: None,
    }
}

fn is_placeholder(t: &Table) -> bool {
    t.name.schema.is_none() && t.name.name == "\u{0}altering"
}

fn add_partition(table: &mut Table, partition: Partition) {
    table
        .partitioning
        .get_or_insert_with(|| Partitioning {
            by: String::new(),
            partitions: Vec::new(),
        })
        .partitions
        .push(partition);
}

fn drop_column(table: &mut Table, c: &str) {
    table.columns.retain(|x| x.name != c);
    table.primary_key.retain(|x| x != c);
    table.unique.retain(|u| !u.columns.iter().any(|x| x == c));
    table
        .foreign_keys
        .retain(|f| !f.columns.iter().any(|x| x == c));
    table.checks.retain(|k| k.column.as_deref() != Some(c));
}

/// Drops the first unnamed constraint of kind `label` on `columns`.
fn drop_unnamed(table: &mut Table, label: &str, columns: &[String]) {
    match label {
        "pkey" => {
            if table.primary_key_name.is_none() {
                table.primary_key.clear();
            }
        }
        "key" => {
            if let Some(i) = table
                .unique
                .iter()
                .position(|u| u.name.is_none() && u.columns == columns)
            {
                table.unique.remove(i);
            }
        }
        "fkey" => {
            if let Some(i) = table
                .foreign_keys
                .iter()
                .position(|f| f.name.is_none() && f.columns == columns)
            {
                table.foreign_keys.remove(i);
            }
        }
        _ => {
            if let Some(i) = table.checks.iter().position(|c| {
                c.name.is_none() && c.column.iter().cloned().collect::<Vec<_>>() == columns
            }) {
                table.checks.remove(i);
            }
        }
    }
}

/// Drops the constraint called `n`; in PostgreSQL, an unnamed constraint is called by
/// the name the server gave it (`t_pkey`, `t_a_b_key`, `t_a_fkey`, `t_a_check`).
fn drop_constraint(table: &mut Table, n: &str, dialect: crate::schema::Dialect) {
    let pg = dialect == crate::schema::Dialect::Postgres;
    let tname = table.name.name.clone();
    let is = |name: &Option<String>, cols: &[String], label: &str| match name {
        Some(x) => x == n,
        None => pg && postgres_constraint_name(&tname, cols, label) == n,
    };
    if table.primary_key_name.as_deref() == Some(n)
        || (pg
            && table.primary_key_name.is_none()
            && n == postgres_constraint_name(&tname, &[], "pkey"))
    {
        table.primary_key.clear();
        table.primary_key_name = None;
    }
    table.unique.retain(|u| !is(&u.name, &u.columns, "key"));
    table
        .foreign_keys
        .retain(|f| !is(&f.name, &f.columns, "fkey"));
    table.checks.retain(|k| {
        let cols: Vec<String> = k.column.iter().cloned().collect();
        !is(&k.name, &cols, "check")
    });
}

/// The name PostgreSQL gives an unnamed constraint: the table, the columns and the
/// label joined by `_`, the table and column parts shortened alike to fit 63 bytes.
pub(super) fn postgres_constraint_name(table: &str, cols: &[String], label: &str) -> String {
    let cols = cols.join("_");
    let (mut a, mut b) = (table.to_string(), cols);
    let extra = label.len() + 1 + usize::from(!b.is_empty());
    while a.len() + b.len() + extra > 63 {
        // PostgreSQL takes a byte from the longer name each time.
        let s = if a.len() >= b.len() { &mut a } else { &mut b };
        s.pop();
        while !s.is_char_boundary(s.len()) {
            s.pop();
        }
    }
    if b.is_empty() {
        format!("{a}_{label}")
    } else {
        format!("{a}_{b}_{label}")
    }
}

fn rename_column(table: &mut Table, old: &str, new: &str) {
    let rename = |v: &mut Vec<String>| {
        for c in v.iter_mut() {
            if c == old {
                *c = new.to_string();
            }
        }
    };
    if let Some(c) = table.column_mut(old) {
        c.name = new.to_string();
    }
    rename(&mut table.primary_key);
    for u in &mut table.unique {
        rename(&mut u.columns);
    }
    for f in &mut table.foreign_keys {
        rename(&mut f.columns);
    }
    for sd in &mut table.seed {
        rename(&mut sd.columns);
    }
    for k in &mut table.checks {
        if k.column.as_deref() == Some(old) {
            k.column = Some(new.to_string());
        }
    }
    let me = table.name.clone();
    for f in &mut table.foreign_keys {
        if f.references.table.matches(&me) {
            rename(&mut f.references.columns);
        }
    }
}

fn missing_column(at: &Location, table: &Table, col: &str) -> Error {
    Error::schema(
        Some(at),
        format!(
            "ALTER TABLE {}: no column {col} in {}",
            table.name, table.name
        ),
    )
}
