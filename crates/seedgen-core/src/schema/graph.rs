//! The foreign-key graph: load order, cycles and references to missing tables.

use super::model::{QualifiedName, Schema};

/// Tables in an order that loads parents before children, with the cycles that prevent
/// a strict order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOrder {
    /// Indexes into [`Schema::tables`], parents first. Tables of one cycle are adjacent,
    /// in definition order.
    pub order: Vec<usize>,
    /// Each cycle (a strongly connected set of two or more tables), as table indexes in
    /// definition order. A table that references only itself is not a cycle.
    pub cycles: Vec<Vec<usize>>,
}

/// A foreign key whose target table is not in the schema (SQLite accepts these).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DanglingReference {
    /// The referencing table.
    pub table: QualifiedName,
    /// The referencing columns.
    pub columns: Vec<String>,
    /// The missing table.
    pub target: QualifiedName,
}

impl Schema {
    /// Parent tables of each table (indexes, self references and dangling ones left out).
    fn parents(&self) -> Vec<Vec<usize>> {
        let lookup = self.table_lookup();
        self.tables
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let partition_fks = t
                    .partitioning
                    .iter()
                    .flat_map(|p| &p.partitions)
                    .flat_map(|p| &p.foreign_keys);
                let mut p: Vec<usize> = t
                    .foreign_keys
                    .iter()
                    .chain(partition_fks)
                    .filter_map(|fk| lookup.find(&fk.references.table))
                    .filter(|&j| j != i)
                    .collect();
                p.sort_unstable();
                p.dedup();
                p
            })
            .collect()
    }

    /// The load order and the cycles of the foreign-key graph.
    pub fn load_order(&self) -> LoadOrder {
        let parents = self.parents();
        let components = strongly_connected(&parents);
        // Tarjan yields components in reverse topological order of the condensation
        // when edges point child → parent: parents come out first.
        let mut order = Vec::with_capacity(self.tables.len());
        let mut cycles = Vec::new();
        for mut c in components {
            c.sort_unstable();
            if c.len() > 1 {
                cycles.push(c.clone());
            }
            order.extend(c);
        }
        cycles.sort();
        LoadOrder { order, cycles }
    }

    /// Foreign keys whose target table is missing.
    pub fn dangling_references(&self) -> Vec<DanglingReference> {
        let lookup = self.table_lookup();
        self.tables
            .iter()
            .flat_map(|t| {
                t.foreign_keys
                    .iter()
                    .filter(|fk| lookup.find(&fk.references.table).is_none())
                    .map(|fk| DanglingReference {
                        table: t.name.clone(),
                        columns: fk.columns.clone(),
                        target: fk.references.table.clone(),
                    })
            })
            .collect()
    }
}

/// Tarjan's algorithm, iterative (deep schemas must not overflow the stack). Components
/// are returned so that every edge's target component comes before its source's.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(comp);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_load_first_and_cycles_are_found() {
        let s = Schema::from_sql(
            "CREATE TABLE c (id int PRIMARY KEY, p int REFERENCES p(id));
             CREATE TABLE p (id int PRIMARY KEY, self int REFERENCES p(id));
             CREATE TABLE a (id int PRIMARY KEY, b int);
             CREATE TABLE b (id int PRIMARY KEY, a int REFERENCES a(id));
             ALTER TABLE a ADD FOREIGN KEY (b) REFERENCES b(id);",
            None,
        )
        .unwrap();
        let lo = s.load_order();
        let pos = |n: &str| {
            lo.order
                .iter()
                .position(|&i| s.tables[i].name.name == n)
                .unwrap()
        };
        assert!(pos("p") < pos("c"));
        assert_eq!(lo.cycles, vec![vec![2, 3]]);
    }
}
