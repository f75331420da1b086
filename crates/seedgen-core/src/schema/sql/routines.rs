//! Triggers, and the routines a schema defines and calls.
//!
//! A trigger is read far enough to know the table that fires it, when, and which tables
//! its body inserts into, updates or deletes from (for PostgreSQL, the body of the
//! trigger function). A stored procedure is kept with its parameters and body, and a
//! `CALL` of it with constant arguments is carried out on the model: migration folders
//! use such procedures for what MySQL cannot say idempotently (drop an index if it
//! exists, rework a primary key). The body's statements run in order: `DECLARE` and
//! `SET` of variables, `SELECT COUNT(…) INTO v FROM INFORMATION_SCHEMA.…` answered from
//! the model, `IF … THEN … ELSEIF … ELSE … END IF`, dynamic SQL through `PREPARE … FROM
//! @v; EXECUTE …`, and any other statement read as if it were in the file.

use std::collections::HashMap;

use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use super::Reader;
use crate::error::{Error, Result};
use crate::expr::check::{self, Env, V};
use crate::schema::model::{Exclusion, QualifiedName, Trigger, TriggerTiming, Write, WriteKind};
use crate::schema::split::{Piece, PieceKind};
use crate::schema::Dialect;

/// A stored function or procedure: its parameters, its body, what the body writes.
#[derive(Debug, Clone)]
pub(crate) struct Routine {
    pub name: QualifiedName,
    pub params: Vec<String>,
    pub body: String,
    pub writes: Vec<Write>,
    /// Whether the body assigns to `NEW.…` (a trigger that stamps the row).
    pub stamps: bool,
    /// Values of the new row the body refuses when another table holds them.
    pub excludes: Vec<Exclusion>,
}

fn tokens(text: &str, dialect: Dialect) -> Vec<TokenWithSpan> {
    let d = dialect.parser_dialect();
    Tokenizer::new(&*d, text)
        .tokenize_with_location()
        .unwrap_or_default()
        .into_iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .collect()
}

fn word(t: &Token) -> Option<&str> {
    match t {
        Token::Word(w) => Some(w.value.as_str()),
        _ => None,
    }
}

fn is(t: &Token, w: &str) -> bool {
    matches!(t, Token::Word(x) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w))
}

/// A possibly qualified name starting at `k`: its parts and the position after it.
fn name_at(toks: &[TokenWithSpan], mut k: usize, dialect: Dialect) -> (Vec<String>, usize) {
    let mut parts = Vec::new();
    while let Some(Token::Word(w)) = toks.get(k).map(|t| &t.token) {
        parts.push(if dialect == Dialect::Postgres {
            super::postgres_name(&w.value, w.quote_style.is_some())
        } else {
            w.value.clone()
        });
        if !toks
            .get(k + 1)
            .is_some_and(|t| matches!(t.token, Token::Period))
        {
            return (parts, k + 1);
        }
        k += 2;
    }
    (parts, k)
}

/// The tables a body writes, and whether it assigns to `NEW.…`.
pub(crate) fn body_writes(text: &str, dialect: Dialect) -> (Vec<Write>, bool) {
    let toks = tokens(text, dialect);
    let mut writes = Vec::new();
    let mut stamps = false;
    for k in 0..toks.len() {
        let t = &toks[k].token;
        let target = if is(t, "INTO")
            && k > 0
            && (is(&toks[k - 1].token, "INSERT")
                || is(&toks[k - 1].token, "REPLACE")
                || is(&toks[k - 1].token, "IGNORE")
                || is(&toks[k - 1].token, "MERGE"))
        {
            Some(WriteKind::Insert)
        } else if is(t, "UPDATE")
            && !(k > 0
                && ["ON", "OR", "DO", "FOR"]
                    .iter()
                    .any(|w| is(&toks[k - 1].token, w)))
            && !toks.get(k + 1).is_some_and(|n| is(&n.token, "OF"))
        {
            Some(WriteKind::Update)
        } else if is(t, "FROM") && k > 0 && is(&toks[k - 1].token, "DELETE") {
            Some(WriteKind::Delete)
        } else {
            None
        };
        if let Some(kind) = target {
            let (parts, _) = name_at(&toks, k + 1, dialect);
            if !parts.is_empty() && !parts[0].eq_ignore_ascii_case("new") {
                writes.push(Write {
                    table: super::qualified_from_parts(&parts),
                    kind,
                });
            }
        }
        // `NEW.col = …`, `NEW.col := …`, `SET NEW.col = …`
        if is(t, "NEW")
            && toks
                .get(k + 1)
                .is_some_and(|n| matches!(n.token, Token::Period))
            && toks
                .get(k + 3)
                .is_some_and(|n| matches!(n.token, Token::Eq | Token::Assignment))
        {
            stamps = true;
        }
    }
    writes.dedup();
    (writes, stamps)
}

/// The refusals in a body: a condition that raises an error (`IF cond THEN RAISE
/// EXCEPTION` in PL/pgSQL, `IF cond THEN SIGNAL` in MySQL, `SELECT RAISE(ABORT, …) WHERE
/// cond` in SQLite) and that compares `NEW.col` with a subquery of another table
/// (`NEW.c IN (SELECT …)`, `EXISTS (SELECT … WHERE … = NEW.c)`). A negated condition
/// (`NOT EXISTS`: the value must be there) is not a refusal of this kind.
pub(crate) fn body_excludes(text: &str, dialect: Dialect) -> Vec<Exclusion> {
    let toks = tokens(text, dialect);
    let mut out = Vec::new();
    for k in 0..toks.len() {
        let cond = if is(&toks[k].token, "IF") {
            let Some(then) = toks[k + 1..].iter().position(|t| is(&t.token, "THEN")) else {
                continue;
            };
            let then = k + 1 + then;
            let raises = toks
                .get(then + 1)
                .is_some_and(|t| is(&t.token, "RAISE") || is(&t.token, "SIGNAL"))
                && !toks.get(then + 2).is_some_and(|t| {
                    ["NOTICE", "WARNING", "INFO", "LOG", "DEBUG"]
                        .iter()
                        .any(|w| is(&t.token, w))
                });
            if !raises {
                continue;
            }
            &toks[k + 1..then]
        } else if is(&toks[k].token, "RAISE")
            && toks
                .get(k + 1)
                .is_some_and(|t| matches!(t.token, Token::LParen))
        {
            // SQLite: `SELECT RAISE(ABORT, '…') WHERE cond;`
            let end = toks[k..]
                .iter()
                .position(|t| matches!(t.token, Token::SemiColon))
                .map_or(toks.len(), |e| k + e);
            let Some(w) = toks[k..end].iter().position(|t| is(&t.token, "WHERE")) else {
                continue;
            };
            &toks[k + w + 1..end]
        } else {
            continue;
        };
        if cond.iter().any(|t| is(&t.token, "NOT")) {
            continue;
        }
        out.extend(condition_excludes(cond, dialect));
    }
    out.dedup();
    out
}

/// `NEW.col` against `SELECT … FROM table …` inside one condition.
fn condition_excludes(cond: &[TokenWithSpan], dialect: Dialect) -> Vec<Exclusion> {
    let new_cols: Vec<String> = (0..cond.len())
        .filter(|&i| {
            is(&cond[i].token, "NEW")
                && cond
                    .get(i + 1)
                    .is_some_and(|t| matches!(t.token, Token::Period))
        })
        .filter_map(|i| {
            cond.get(i + 2)
                .and_then(|t| word(&t.token))
                .map(str::to_string)
        })
        .collect();
    let mut out = Vec::new();
    for (i, t) in cond.iter().enumerate() {
        if !is(&t.token, "FROM") {
            continue;
        }
        let (parts, _) = name_at(cond, i + 1, dialect);
        if parts.is_empty() || parts[0].eq_ignore_ascii_case("new") {
            continue;
        }
        // Words of the condition that may be the other table's columns (the planner
        // keeps those that are): not `NEW.x`, not a function's name, not the table.
        let columns: Vec<String> = (0..cond.len())
            .filter(|&j| {
                matches!(cond[j].token, Token::Word(_))
                    && !cond
                        .get(j + 1)
                        .is_some_and(|n| matches!(n.token, Token::LParen | Token::Period))
                    && (j < 2 || !is(&cond[j - 2].token, "NEW"))
                    && (j < 1 || !is(&cond[j - 1].token, "FROM"))
                    && ![
                        "SELECT", "FROM", "WHERE", "IN", "EXISTS", "AND", "OR", "IS", "NULL", "AS",
                        "LIMIT", "NEW",
                    ]
                    .iter()
                    .any(|k| is(&cond[j].token, k))
            })
            .filter_map(|j| word(&cond[j].token).map(str::to_string))
            .collect();
        for c in &new_cols {
            out.push(Exclusion {
                column: c.clone(),
                table: super::qualified_from_parts(&parts),
                columns: columns.clone(),
            });
        }
    }
    out
}

impl Reader<'_> {
    /// `CREATE FUNCTION` / `CREATE PROCEDURE`: kept for the triggers and CALLs that use it.
    pub(super) fn routine(&mut self, piece: &Piece, kind: &str) {
        let toks = tokens(&piece.text, self.dialect);
        let Some(k) = toks.iter().position(|t| is(&t.token, kind)) else {
            return;
        };
        let mut k = k + 1;
        while toks
            .get(k)
            .is_some_and(|t| ["IF", "NOT", "EXISTS"].iter().any(|w| is(&t.token, w)))
        {
            k += 1;
        }
        let (parts, after) = name_at(&toks, k, self.dialect);
        if parts.is_empty() {
            return;
        }
        let mut name = super::qualified_from_parts(&parts);
        if name.schema.is_none() {
            name.schema.clone_from(&self.default_schema);
        }
        // Parameters: `(IN a INT, OUT b …)` → a, b.
        let mut params = Vec::new();
        if toks
            .get(after)
            .is_some_and(|t| matches!(t.token, Token::LParen))
        {
            let mut depth = 0;
            let mut expect_name = true;
            for t in &toks[after..] {
                match t.token {
                    Token::LParen => {
                        depth += 1;
                        continue;
                    }
                    Token::RParen => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                        continue;
                    }
                    Token::Comma if depth == 1 => {
                        expect_name = true;
                        continue;
                    }
                    _ => {}
                }
                if depth == 1 && expect_name {
                    if ["IN", "OUT", "INOUT"].iter().any(|w| is(&t.token, w)) {
                        continue;
                    }
                    if let Some(w) = word(&t.token) {
                        params.push(w.to_string());
                        expect_name = false;
                    }
                }
            }
        }
        let body = routine_body(&piece.text, self.dialect).unwrap_or_default();
        let (writes, stamps) = body_writes(&body, self.dialect);
        let excludes = body_excludes(&body, self.dialect);
        self.routines.retain(|r| !r.name.matches(&name));
        self.routines.push(Routine {
            name,
            params,
            body,
            writes,
            stamps,
            excludes,
        });
    }

    /// What a routine writes and refuses, with what the routines it calls write and
    /// refuse (`PERFORM rebuild(…)`), however deep, each routine once.
    fn routine_effects(&self, r: &Routine) -> (Vec<Write>, Vec<Exclusion>) {
        let mut writes = Vec::new();
        let mut excludes = Vec::new();
        let mut seen: Vec<QualifiedName> = vec![r.name.clone()];
        let mut todo: Vec<&Routine> = vec![r];
        while let Some(r) = todo.pop() {
            for w in &r.writes {
                if !writes.contains(w) {
                    writes.push(w.clone());
                }
            }
            excludes.extend(r.excludes.iter().cloned());
            let toks = tokens(&r.body, self.dialect);
            for k in 0..toks.len() {
                if !matches!(toks[k].token, Token::Word(_))
                    || (k > 0 && matches!(toks[k - 1].token, Token::Period))
                {
                    continue;
                }
                let (parts, after) = name_at(&toks, k, self.dialect);
                if !toks
                    .get(after)
                    .is_some_and(|t| matches!(t.token, Token::LParen))
                {
                    continue;
                }
                let name = super::qualified_from_parts(&parts);
                if let Some(c) = self.routines.iter().find(|c| c.name.matches(&name)) {
                    if !seen.contains(&c.name) {
                        seen.push(c.name.clone());
                        todo.push(c);
                    }
                }
            }
        }
        (writes, excludes)
    }

    /// `CREATE TRIGGER name {BEFORE|AFTER|INSTEAD OF} events ON table …`.
    pub(super) fn trigger(&mut self, piece: &Piece) -> Result<()> {
        let at = self.at(piece, 1, 1);
        let toks = tokens(&piece.text, self.dialect);
        let Some(k) = toks.iter().position(|t| is(&t.token, "TRIGGER")) else {
            self.skip("CREATE TRIGGER (unreadable)".into(), Some(at));
            return Ok(());
        };
        let mut k = k + 1;
        while toks
            .get(k)
            .is_some_and(|t| ["IF", "NOT", "EXISTS"].iter().any(|w| is(&t.token, w)))
        {
            k += 1;
        }
        let (parts, mut k) = name_at(&toks, k, self.dialect);
        let name = parts.last().cloned().unwrap_or_default();
        let timing = match toks.get(k).map(|t| &t.token) {
            Some(t) if is(t, "BEFORE") => TriggerTiming::Before,
            Some(t) if is(t, "INSTEAD") => TriggerTiming::InsteadOf,
            _ => TriggerTiming::After,
        };
        let mut events = Vec::new();
        while k < toks.len() && !is(&toks[k].token, "ON") {
            let t = &toks[k].token;
            for (w, e) in [
                ("INSERT", WriteKind::Insert),
                ("UPDATE", WriteKind::Update),
                ("DELETE", WriteKind::Delete),
                ("TRUNCATE", WriteKind::Delete),
            ] {
                if is(t, w) && !events.contains(&e) {
                    events.push(e);
                }
            }
            k += 1;
        }
        let (table_parts, after) = name_at(&toks, k + 1, self.dialect);
        let mut table = super::qualified_from_parts(&table_parts);
        if table.schema.is_none() {
            table.schema.clone_from(&self.default_schema);
        }
        // The body: inline (MySQL, SQLite) or a trigger function (PostgreSQL).
        let ((writes, stamps), excludes) = match toks[after.min(toks.len())..]
            .iter()
            .position(|t| is(&t.token, "EXECUTE"))
        {
            Some(e) if self.dialect == Dialect::Postgres => {
                let start = after + e + 2;
                let (fparts, _) = name_at(&toks, start, self.dialect);
                let fname = super::qualified_from_parts(&fparts);
                match self.routines.iter().find(|r| r.name.matches(&fname)) {
                    Some(r) => {
                        let (writes, excludes) = self.routine_effects(r);
                        ((writes, r.stamps), excludes)
                    }
                    // A function not defined in the inputs (an extension's): nothing
                    // seedgen can tell; such triggers mostly fill a column of the row.
                    None => ((Vec::new(), true), Vec::new()),
                }
            }
            _ => {
                let from = toks
                    .get(after)
                    .map_or(piece.text.len(), |t| offset(&piece.text, t));
                let body = &piece.text[from..];
                (
                    body_writes(body, self.dialect),
                    body_excludes(body, self.dialect),
                )
            }
        };
        self.schema
            .triggers
            .retain(|t| !(t.name == name && t.table.matches(&table)));
        self.schema.triggers.push(Trigger {
            name,
            table,
            timing,
            events,
            writes,
            stamps,
            excludes,
            at: Some(at),
        });
        Ok(())
    }

    /// A MySQL statement about session variables and dynamic SQL at the top of a file
    /// (`SET @s = (SELECT IF(…))`, `PREPARE st FROM @s`, `EXECUTE st`): migration folders
    /// use them to change the schema only when it needs it. Runs on the model; returns
    /// whether `piece` was one.
    pub(super) fn session_statement(&mut self, piece: &Piece) -> Result<bool> {
        let words = super::head_words(&piece.text, 2);
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        let session = match w.as_slice() {
            ["SET", v] => v.starts_with('@') && !v.starts_with("@@"),
            ["PREPARE" | "EXECUTE" | "DEALLOCATE", ..] => true,
            ["SELECT", ..] => upper_find(&piece.text, " INTO @").is_some(),
            _ => false,
        };
        if !session {
            return Ok(false);
        }
        let mut vars = std::mem::take(&mut self.session);
        let text = piece.text.replace(":=", "=");
        let r = self.run_statement(text.trim(), &mut vars, piece);
        self.session = vars;
        r.map(|()| true)
    }

    /// `DROP TRIGGER [IF EXISTS] name [ON table]`.
    pub(super) fn drop_trigger(&mut self, piece: &Piece) {
        let toks = tokens(&piece.text, self.dialect);
        let mut k = 2;
        while toks
            .get(k)
            .is_some_and(|t| ["IF", "EXISTS"].iter().any(|w| is(&t.token, w)))
        {
            k += 1;
        }
        let (parts, after) = name_at(&toks, k, self.dialect);
        let Some(name) = parts.last().cloned() else {
            return;
        };
        let table = toks
            .get(after)
            .filter(|t| is(&t.token, "ON"))
            .map(|_| super::qualified_from_parts(&name_at(&toks, after + 1, self.dialect).0));
        self.schema
            .triggers
            .retain(|t| !(t.name == name && table.as_ref().is_none_or(|tn| t.table.matches(tn))));
        self.skip("DROP TRIGGER".into(), Some(self.at(piece, 1, 1)));
    }

    /// `SELECT f(args)` (nothing else: no `FROM`, one call) of a function the inputs
    /// define, as migrations call helpers such as diesel's
    /// `diesel_manage_updated_at('users')`: its body runs on the model as a `CALL`'s
    /// does. `false` (nothing done) for any other `SELECT`.
    pub(super) fn select_call(&mut self, piece: &Piece) -> Result<bool> {
        let toks = tokens(&piece.text, self.dialect);
        let (parts, after) = name_at(&toks, 1, self.dialect);
        let name = super::qualified_from_parts(&parts);
        let only_call = toks
            .get(after)
            .is_some_and(|t| matches!(t.token, Token::LParen))
            && matches!(
                toks.iter()
                    .rposition(|t| !matches!(t.token, Token::SemiColon))
                    .map(|k| &toks[k].token),
                Some(Token::RParen)
            )
            && !toks.iter().any(|t| is(&t.token, "FROM"));
        if parts.is_empty() || !only_call || !self.routines.iter().any(|r| r.name.matches(&name)) {
            return Ok(false);
        }
        self.call(piece)?;
        Ok(true)
    }

    /// `CALL p(args)` of a procedure the inputs define: its body runs on the model.
    pub(super) fn call(&mut self, piece: &Piece) -> Result<()> {
        let at = self.at(piece, 1, 1);
        let toks = tokens(&piece.text, self.dialect);
        let verb = super::head_words(&piece.text, 1)
            .pop()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let (parts, after) = name_at(&toks, 1, self.dialect);
        let name = super::qualified_from_parts(&parts);
        let Some(routine) = self
            .routines
            .iter()
            .find(|r| r.name.matches(&name))
            .cloned()
        else {
            self.skip(
                format!("{verb} {name} (not defined in the inputs)"),
                Some(at),
            );
            return Ok(());
        };
        // Constant arguments.
        let mut vars: HashMap<String, V> = HashMap::new();
        let args = self.call_args(&piece.text, &toks, after);
        for (p, v) in routine.params.iter().zip(args) {
            vars.insert(p.to_ascii_lowercase(), v);
        }
        if self.call_depth > 8 {
            return Err(Error::schema(
                Some(&at),
                format!("CALL {name}: procedures call each other more than 8 deep"),
            ));
        }
        self.call_depth += 1;
        let r = self.run_block(&routine.body, &mut vars, piece);
        self.call_depth -= 1;
        self.skip(format!("{verb} {name} (its statements applied)"), Some(at));
        r
    }

    fn call_args(&self, text: &str, toks: &[TokenWithSpan], after: usize) -> Vec<V> {
        let Some(open) = toks.get(after).filter(|t| matches!(t.token, Token::LParen)) else {
            return Vec::new();
        };
        let start = offset(text, open) + 1;
        let end = text.rfind(')').unwrap_or(text.len()).max(start);
        split_top(&text[start..end], ',')
            .iter()
            .map(|a| self.eval_text(a, &HashMap::new()))
            .collect()
    }

    /// The value of an expression's text, with the routine's variables.
    fn eval_text(&self, text: &str, vars: &HashMap<String, V>) -> V {
        let d = self.dialect.parser_dialect();
        match sqlparser::parser::Parser::new(&*d)
            .try_with_sql(text)
            .and_then(|mut p| p.parse_expr())
        {
            Ok(e) => check::eval(
                &e,
                &Vars {
                    vars,
                    row: None,
                    reader: Some(self),
                },
            ),
            Err(_) => V::Unknown,
        }
    }

    /// Runs a `BEGIN … END` block's statements.
    fn run_block(
        &mut self,
        body: &str,
        vars: &mut HashMap<String, V>,
        piece: &Piece,
    ) -> Result<()> {
        let inner = strip_begin_end(body);
        for stmt in split_statements(inner) {
            self.run_statement(&stmt, vars, piece)?;
        }
        Ok(())
    }

    fn run_statement(
        &mut self,
        stmt: &str,
        vars: &mut HashMap<String, V>,
        piece: &Piece,
    ) -> Result<()> {
        let words = super::head_words(stmt, 3);
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        match w.as_slice() {
            ["DECLARE", name, ..] => {
                let value = upper_find(stmt, " DEFAULT ")
                    .map_or(V::Null, |i| self.eval_text(&stmt[i + 9..], vars));
                vars.insert(name.to_ascii_lowercase(), value);
            }
            ["SET", ..] => {
                if let Some((lhs, rhs)) = stmt[3..].split_once('=') {
                    let v = self.eval_text(rhs.trim(), vars);
                    vars.insert(lhs.trim().trim_start_matches('@').to_ascii_lowercase(), v);
                }
            }
            ["IF", ..] => self.run_if(stmt, vars, piece)?,
            ["PREPARE", name, ..] => {
                if let Some(i) = upper_find(stmt, " FROM ") {
                    let source = stmt[i + 6..]
                        .trim()
                        .trim_start_matches('@')
                        .to_ascii_lowercase();
                    let text = vars.get(&source).cloned().unwrap_or(V::Unknown);
                    vars.insert(format!("prepared:{}", name.to_ascii_lowercase()), text);
                }
            }
            ["EXECUTE", name, ..] => {
                let prepared = vars
                    .get(&format!("prepared:{}", name.to_ascii_lowercase()))
                    .cloned();
                // MySQL runs a prepared statement; PL/pgSQL `EXECUTE expr` runs the
                // text the expression makes (`format('CREATE TRIGGER … ON %s', t)`).
                let text = match prepared {
                    Some(v) => v,
                    None => {
                        let expr = stmt.trim_start()[7..].trim().trim_end_matches(';');
                        let expr = upper_find(expr, " USING ").map_or(expr, |i| &expr[..i]);
                        self.eval_text(expr, vars)
                    }
                };
                if let V::Str(sql) = text {
                    self.apply_text(&sql, piece)?;
                }
            }
            ["DEALLOCATE", ..] | ["LEAVE", ..] | ["ITERATE", ..] | ["RETURN", ..] => {}
            ["SELECT", ..] if upper_find(stmt, " INTO ").is_some() => {
                self.select_into(stmt, vars);
            }
            ["SELECT", ..] | [] => {}
            _ => self.apply_text(stmt, piece)?,
        }
        Ok(())
    }

    /// Reads statement text as if it stood where the CALL is.
    fn apply_text(&mut self, sql: &str, piece: &Piece) -> Result<()> {
        let sub = Piece {
            text: sql.to_string(),
            line: piece.line,
            column: piece.column,
            kind: PieceKind::Sql,
        };
        self.piece_pub(&sub)
    }

    /// `IF c THEN … [ELSEIF c THEN …] [ELSE …] END IF`.
    fn run_if(&mut self, stmt: &str, vars: &mut HashMap<String, V>, piece: &Piece) -> Result<()> {
        let toks = tokens(stmt, self.dialect);
        // Branch boundaries at nesting depth 0: THEN, ELSEIF, ELSE, END IF.
        let mut depth = 0i32;
        let mut marks: Vec<(usize, &str)> = Vec::new();
        for (k, t) in toks.iter().enumerate() {
            let prev_end = k > 0 && is(&toks[k - 1].token, "END");
            if is(&t.token, "IF") && k > 0 && !prev_end {
                depth += 1;
            } else if is(&t.token, "IF") && prev_end {
                if depth == 0 {
                    marks.push((k - 1, "END"));
                } else {
                    depth -= 1;
                }
            } else if depth == 0 {
                for w in ["THEN", "ELSEIF", "ELSE"] {
                    if is(&t.token, w) {
                        marks.push((k, w));
                    }
                }
            }
        }
        let at = |k: usize| offset(stmt, &toks[k]);
        let mut cond_start = at(0) + 2;
        let mut i = 0;
        while i < marks.len() {
            let (k, w) = marks[i];
            match w {
                "THEN" => {
                    let cond = &stmt[cond_start..at(k)];
                    let body_end = marks.get(i + 1).map_or(stmt.len(), |m| at(m.0));
                    let body = &stmt[at(k) + 4..body_end];
                    if self.eval_text(cond, vars) == V::Bool(true) {
                        for s in split_statements(body) {
                            self.run_statement(&s, vars, piece)?;
                        }
                        return Ok(());
                    }
                    i += 1;
                }
                "ELSEIF" => {
                    cond_start = at(k) + 6;
                    i += 1;
                }
                "ELSE" => {
                    let body_end = marks.get(i + 1).map_or(stmt.len(), |m| at(m.0));
                    for s in split_statements(&stmt[at(k) + 4..body_end]) {
                        self.run_statement(&s, vars, piece)?;
                    }
                    return Ok(());
                }
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    /// `SELECT COUNT(…) INTO v FROM INFORMATION_SCHEMA.T WHERE …`, answered from the
    /// model; anything else sets `v` to an unknown value.
    fn select_into(&self, stmt: &str, vars: &mut HashMap<String, V>) {
        let into = upper_find(stmt, " INTO ").unwrap_or(0);
        let rest = &stmt[into + 6..];
        let var_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        let var = rest[..var_end].trim_start_matches('@').to_ascii_lowercase();
        let query = format!("{} {}", &stmt[..into], &rest[var_end..]);
        let value = self
            .count_information_schema(&query, vars)
            .unwrap_or(V::Unknown);
        vars.insert(var, value);
    }

    fn count_information_schema(&self, query: &str, vars: &HashMap<String, V>) -> Option<V> {
        use sqlparser::ast::Statement;
        let d = self.dialect.parser_dialect();
        let stmts = sqlparser::parser::Parser::parse_sql(&*d, query).ok()?;
        let Statement::Query(q) = stmts.first()? else {
            return None;
        };
        self.scalar_query(q, vars)
    }

    /// A scalar query: `SELECT expr` (no FROM), or `SELECT COUNT(…) FROM
    /// INFORMATION_SCHEMA.T WHERE …` answered from the model.
    fn scalar_query(&self, q: &sqlparser::ast::Query, vars: &HashMap<String, V>) -> Option<V> {
        use sqlparser::ast::{SelectItem, SetExpr, TableFactor};
        let SetExpr::Select(sel) = q.body.as_ref() else {
            return None;
        };
        let env = |row| Vars {
            vars,
            row,
            reader: Some(self),
        };
        if sel.from.is_empty() {
            return match sel.projection.first()? {
                SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                    Some(check::eval(e, &env(None)))
                }
                _ => None,
            };
        }
        let from = sel.from.first()?;
        let TableFactor::Table { name, .. } = &from.relation else {
            return None;
        };
        let table = name.to_string().to_ascii_uppercase();
        let rows = self.information_schema(table.rsplit('.').next()?)?;
        let mut n = 0;
        for row in &rows {
            let keep = sel
                .selection
                .as_ref()
                .is_none_or(|w| check::eval(w, &env(Some(row))) == V::Bool(true));
            n += usize::from(keep);
        }
        Some(V::Num(n as f64))
    }

    /// The rows of an INFORMATION_SCHEMA view, from the model.
    fn information_schema(&self, view: &str) -> Option<Vec<HashMap<&'static str, V>>> {
        let s = |x: &str| V::Str(x.to_string());
        let mut out = Vec::new();
        for t in &self.schema.tables {
            let schema = s(t.name.schema.as_deref().unwrap_or(""));
            let base = |extra: Vec<(&'static str, V)>| {
                let mut m: HashMap<&'static str, V> = HashMap::new();
                m.insert("table_schema", schema.clone());
                m.insert("table_name", s(&t.name.name));
                m.extend(extra);
                m
            };
            match view {
                "TABLES" => out.push(base(vec![])),
                "COLUMNS" => {
                    for c in &t.columns {
                        out.push(base(vec![
                            ("column_name", s(&c.name)),
                            ("is_nullable", s(if c.nullable { "YES" } else { "NO" })),
                            ("data_type", s(&c.data_type.name)),
                        ]));
                    }
                }
                "STATISTICS" | "KEY_COLUMN_USAGE" | "TABLE_CONSTRAINTS" => {
                    let keys = std::iter::once((Some("PRIMARY".to_string()), &t.primary_key))
                        .filter(|(_, k)| !k.is_empty())
                        .chain(t.unique.iter().map(|u| (u.name.clone(), &u.columns)));
                    for (name, cols) in keys {
                        let name = name.unwrap_or_default();
                        for c in cols {
                            out.push(base(vec![
                                ("index_name", s(&name)),
                                ("constraint_name", s(&name)),
                                ("column_name", s(c)),
                                ("non_unique", V::Num(0.0)),
                            ]));
                        }
                    }
                }
                _ => return None,
            }
        }
        Some(out)
    }
}

/// Variables of a routine (and, for INFORMATION_SCHEMA queries, the row).
struct Vars<'a, 'r> {
    vars: &'a HashMap<String, V>,
    row: Option<&'a HashMap<&'static str, V>>,
    reader: Option<&'a Reader<'r>>,
}

impl Env for Vars<'_, '_> {
    fn column(&self, name: &str) -> Option<V> {
        let key = name.trim_start_matches('@').to_ascii_lowercase();
        if let Some(row) = self.row {
            if let Some(v) = row.get(key.as_str()) {
                return Some(v.clone());
            }
        }
        self.vars.get(&key).cloned()
    }
    fn now(&self) -> i64 {
        0
    }
    fn subquery(&self, q: &sqlparser::ast::Query) -> V {
        self.reader
            .and_then(|r| r.scalar_query(q, self.vars))
            .unwrap_or(V::Unknown)
    }
}

fn offset(text: &str, t: &TokenWithSpan) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 + 1 == t.span.start.line {
            return off
                + l.char_indices()
                    .nth(t.span.start.column.saturating_sub(1) as usize)
                    .map_or(l.len(), |(b, _)| b);
        }
        off += l.len();
    }
    text.len()
}

fn upper_find(text: &str, needle: &str) -> Option<usize> {
    text.to_ascii_uppercase().find(needle)
}

/// The body of `CREATE … AS $$ body $$` (PostgreSQL), `AS 'body'`, or the text from
/// the first `BEGIN` (MySQL, SQLite).
fn routine_body(text: &str, dialect: Dialect) -> Option<String> {
    if let Some(start) = text.find('$').filter(|_| dialect == Dialect::Postgres) {
        let tag_end = text[start + 1..].find('$')? + start + 1;
        let tag = &text[start..=tag_end];
        let body_start = tag_end + 1;
        let end = text[body_start..].find(tag)? + body_start;
        return Some(text[body_start..end].to_string());
    }
    let upper = text.to_ascii_uppercase();
    let b = upper
        .match_indices("BEGIN")
        .find(|(i, _)| {
            let before = upper[..*i].chars().next_back();
            before.is_none_or(|c| !c.is_alphanumeric() && c != '_')
        })?
        .0;
    Some(text[b..].to_string())
}

/// `BEGIN … END` without its two words.
fn strip_begin_end(body: &str) -> &str {
    let t = body.trim();
    let upper = t.to_ascii_uppercase();
    let inner = if upper.starts_with("BEGIN") {
        &t[5..]
    } else {
        t
    };
    let u = inner.trim_end().to_ascii_uppercase();
    let inner = inner.trim_end();
    if u.ends_with("END") {
        &inner[..inner.len() - 3]
    } else {
        inner
    }
}

/// Statements of a body, split at `;` outside quotes and outside nested blocks.
fn split_statements(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut wordbuf = String::new();
    let mut prev_word = String::new();
    let close_word = |w: &str, prev: &str, depth: &mut i32| {
        let u = w.to_ascii_uppercase();
        match u.as_str() {
            "BEGIN" | "LOOP" | "REPEAT" | "WHILE" | "CASE" => *depth += 1,
            "IF" if prev != "END" => *depth += 1,
            "END" => *depth -= 1,
            _ => {}
        }
        u
    };
    for c in body.chars() {
        if let Some(q) = quote {
            cur.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            wordbuf.push(c);
            cur.push(c);
            continue;
        }
        if !wordbuf.is_empty() {
            prev_word = close_word(&wordbuf, &prev_word, &mut depth);
            wordbuf.clear();
        }
        match c {
            '\'' | '"' | '`' => {
                quote = Some(c);
                cur.push(c);
            }
            ';' if depth <= 0 => {
                depth = 0;
                if !cur.trim().is_empty() {
                    out.push(cur.trim().to_string());
                }
                cur.clear();
            }
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// `text` split at `sep` outside quotes and parentheses.
fn split_top(text: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '\'' | '"') => quote = Some(c),
            None if c == '(' => depth += 1,
            None if c == ')' => depth -= 1,
            None if c == sep && depth == 0 => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_say_what_they_write() {
        let (w, stamps) = body_writes(
            "BEGIN INSERT INTO film_text (film_id) VALUES (new.film_id); UPDATE stats SET n = n + 1; END",
            Dialect::MySql,
        );
        assert_eq!(w.len(), 2);
        assert_eq!(
            (w[0].table.name.as_str(), w[0].kind),
            ("film_text", WriteKind::Insert)
        );
        assert_eq!(
            (w[1].table.name.as_str(), w[1].kind),
            ("stats", WriteKind::Update)
        );
        assert!(!stamps);
        let (w, stamps) = body_writes(
            "BEGIN NEW.last_update = now(); RETURN NEW; END",
            Dialect::Postgres,
        );
        assert!(w.is_empty() && stamps);
    }

    #[test]
    fn bodies_say_which_values_they_refuse() {
        let pg = body_excludes(
            "BEGIN IF canon(NEW.name) IN (SELECT canon(name) FROM reserved_names) THEN RAISE EXCEPTION 'reserved'; END IF; RETURN NEW; END",
            Dialect::Postgres,
        );
        assert_eq!(pg.len(), 1, "{pg:?}");
        assert_eq!(pg[0].column, "name");
        assert_eq!(pg[0].table.name, "reserved_names");
        assert!(pg[0].columns.contains(&"name".to_string()), "{pg:?}");
        let my = body_excludes(
            "BEGIN IF EXISTS (SELECT 1 FROM banned b WHERE b.login = NEW.login) THEN SIGNAL SQLSTATE '45000'; END IF; END",
            Dialect::MySql,
        );
        assert_eq!(
            (my.len(), my[0].column.as_str(), my[0].table.name.as_str()),
            (1, "login", "banned")
        );
        let lite = body_excludes(
            "BEGIN SELECT RAISE(ABORT, 'taken') WHERE NEW.slug IN (SELECT slug FROM redirects); END",
            Dialect::Sqlite,
        );
        assert_eq!((lite.len(), lite[0].table.name.as_str()), (1, "redirects"));
        // A value that must exist elsewhere, or a notice, is not a refusal of this kind.
        assert!(body_excludes(
            "BEGIN IF NOT EXISTS (SELECT 1 FROM t WHERE t.id = NEW.t_id) THEN RAISE EXCEPTION 'x'; END IF; END",
            Dialect::Postgres
        )
        .is_empty());
        assert!(body_excludes(
            "BEGIN IF NEW.a IN (SELECT a FROM t) THEN RAISE NOTICE 'x'; END IF; END",
            Dialect::Postgres
        )
        .is_empty());
    }

    #[test]
    fn statements_split_outside_blocks() {
        let s = split_statements("DECLARE x INT DEFAULT 0; IF x > 0 THEN SET @a = 'x;y'; ELSE SELECT 1; END IF; SELECT 2");
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[1].starts_with("IF") && s[1].ends_with("END IF"), "{s:?}");
    }
}
