//! Who belongs to which group (`data/coalitions.toml`), for `stance run --propagate-coalitions`:
//! a statement made for a group is also credited to each state that was a member on the
//! record's date.
//!
//! Invariants: every group and member is a canonical name of `data/gazetteer.toml` (the group of
//! kind `group`), every date is `YYYY-MM-DD`; a file that breaks them is refused with its line.
//! Propagation only adds statements: the group keeps its own, and the copies keep the speaker
//! (`speaker_delegation`) and the group (`on_behalf_of`).

use super::gazetteer::{DelegationKind, Gazetteer};
use crate::error::{Error, Result};
use crate::resources;
use crate::types::{is_iso_date, Statement};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MembersFile {
    group: Vec<GroupEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupEntry {
    name: String,
    /// Members for the whole span of the records.
    members: Vec<String>,
    /// Members for part of it (joined late, left, suspended).
    #[serde(default)]
    period: Vec<Membership>,
}

/// A membership bounded in time; both ends are optional, `from` inclusive, `until` exclusive.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Membership {
    member: String,
    from: Option<String>,
    until: Option<String>,
}

impl Membership {
    /// Whether it holds on `date`; an undated record counts today's members (no `until`).
    fn holds_on(&self, date: Option<&str>) -> bool {
        match date {
            Some(date) => {
                self.from.as_deref().is_none_or(|from| from <= date) && self.until.as_deref().is_none_or(|until| date < until)
            }
            None => self.until.is_none(),
        }
    }
}

#[derive(Debug)]
pub struct Memberships {
    path: PathBuf,
    groups: BTreeMap<String, Vec<Membership>>,
}

impl Memberships {
    pub fn load(path: &Path, gazetteer: &Gazetteer) -> Result<Self> {
        let text = resources::read_text(path)?;
        let file: MembersFile = resources::parse_toml(&text, path, "coalition member list")?;
        // The line of `name`'s first quoted mention from the first mention of `group` on (a
        // member is named in many groups; its line is the one in the group at fault).
        let line_of = |group: &str, name: &str| {
            let start = text.find(&format!("\"{group}\"")).unwrap_or(0);
            text[start..]
                .find(&format!("\"{name}\""))
                .map(|at| text[..start + at].matches('\n').count() as u64 + 1)
        };
        let refuse = |group: &str, name: &str, why: String| Error::bad_input(path, line_of(group, name), why);
        let mut groups = BTreeMap::new();
        for entry in file.group {
            match gazetteer.by_name(&entry.name) {
                Some(id) if gazetteer.kind(id) == DelegationKind::Group => {}
                _ => {
                    return Err(refuse(
                        &entry.name,
                        &entry.name,
                        format!("{:?} is not a group's name in the gazetteer (kind = \"group\")", entry.name),
                    ))
                }
            }
            let always = entry.members.into_iter().map(|member| Membership {
                member,
                from: None,
                until: None,
            });
            let memberships: Vec<Membership> = always.chain(entry.period).collect();
            for m in &memberships {
                if gazetteer.by_name(&m.member).is_none() {
                    return Err(refuse(
                        &entry.name,
                        &m.member,
                        format!("member {:?} of {} is not a canonical name in the gazetteer", m.member, entry.name),
                    ));
                }
                for date in m.from.iter().chain(&m.until) {
                    if !is_iso_date(date) {
                        return Err(refuse(&entry.name, &m.member, format!("{date:?} (for {}) is not a YYYY-MM-DD date", m.member)));
                    }
                }
            }
            if groups.insert(entry.name.clone(), memberships).is_some() {
                return Err(refuse(&entry.name, &entry.name, format!("{} is listed twice", entry.name)));
            }
        }
        Ok(Memberships {
            path: path.to_path_buf(),
            groups,
        })
    }

    /// `statements` with, after each group's own statement, a copy for each of its members on
    /// `date`. Groups without a member list are added to `unlisted`.
    pub fn propagate(
        &self,
        statements: Vec<Statement>,
        date: Option<&str>,
        unlisted: &mut BTreeSet<String>,
    ) -> Vec<Statement> {
        let mut out = Vec::with_capacity(statements.len());
        for statement in statements {
            let is_groups_own = !statement.on_behalf_of.is_empty() && statement.delegation == statement.on_behalf_of;
            let members = is_groups_own.then(|| self.members(&statement.on_behalf_of, date));
            match members {
                Some(Some(members)) => {
                    let copies: Vec<Statement> = members
                        .into_iter()
                        .map(|member| Statement {
                            delegation: member.to_string(),
                            ..statement.clone()
                        })
                        .collect();
                    out.push(statement);
                    out.extend(copies);
                }
                Some(None) => {
                    unlisted.insert(statement.on_behalf_of.clone());
                    out.push(statement);
                }
                None => out.push(statement),
            }
        }
        out
    }

    /// The members of `group` on `date`, in the file's order; `None` if it has no list.
    fn members(&self, group: &str, date: Option<&str>) -> Option<Vec<&str>> {
        let memberships = self.groups.get(group)?;
        let mut members: Vec<&str> = Vec::new();
        for m in memberships.iter().filter(|m| m.holds_on(date)) {
            if !members.contains(&m.member.as_str()) {
                members.push(&m.member);
            }
        }
        Some(members)
    }

    /// The file the lists were read from (named in warnings).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let toml = r#"
            [[delegation]]
            name = "Croatia"
            kind = "state"
            [[delegation]]
            name = "France"
            kind = "state"
            [[delegation]]
            name = "European Union"
            kind = "group"
        "#;
        Gazetteer::parse(toml, Path::new("g.toml")).unwrap()
    }

    fn load(toml: &str) -> Result<Memberships> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("coalitions.toml");
        std::fs::write(&path, toml).unwrap();
        Memberships::load(&path, &gazetteer())
    }

    fn group_statement() -> Statement {
        Statement {
            delegation: "European Union".into(),
            speaker: String::new(),
            speaker_delegation: "France".into(),
            on_behalf_of: "European Union".into(),
            sentences: Vec::new(),
        }
    }

    const EU: &str = r#"
        [[group]]
        name = "European Union"
        members = ["France"]
        [[group.period]]
        member = "Croatia"
        from = "2013-07-01"
    "#;

    #[test]
    fn a_group_statement_is_copied_to_the_members_of_its_date() {
        let m = load(EU).unwrap();
        let mut unlisted = BTreeSet::new();
        let credited = |date| -> Vec<String> {
            m.propagate(vec![group_statement()], date, &mut BTreeSet::new())
                .into_iter()
                .map(|s| format!("{}<-{}", s.delegation, s.speaker_delegation))
                .collect()
        };
        assert_eq!(credited(Some("2012-09-25")), ["European Union<-France", "France<-France"]);
        assert_eq!(
            credited(Some("2013-07-01")),
            ["European Union<-France", "France<-France", "Croatia<-France"]
        );
        assert_eq!(credited(None).len(), 3);
        let own = Statement {
            delegation: "France".into(),
            on_behalf_of: String::new(),
            ..group_statement()
        };
        assert_eq!(m.propagate(vec![own.clone()], None, &mut unlisted), vec![own]);
        assert!(unlisted.is_empty(), "a delegation's own statement names no group");
    }

    /// A statement made for a group the coalitions file has no member list for is kept as the
    /// group's, copied to nobody, and the group is named for the run's summary.
    #[test]
    fn a_group_without_a_member_list_is_kept_and_named() {
        let m = load(EU).unwrap();
        let for_the_union = Statement {
            delegation: "African Union".into(),
            on_behalf_of: "African Union".into(),
            ..group_statement()
        };
        let mut unlisted = BTreeSet::new();
        assert_eq!(m.propagate(vec![for_the_union.clone()], Some("2012-09-25"), &mut unlisted), vec![for_the_union]);
        assert_eq!(unlisted, BTreeSet::from(["African Union".to_string()]));
    }

    #[test]
    fn unknown_names_and_bad_dates_are_refused_with_their_line() {
        let err = load(&EU.replace("\"France\"", "\"Frankreich\"")).unwrap_err().to_string();
        assert!(err.contains("coalitions.toml, line 4") && err.contains("\"Frankreich\""), "{err}");
        let err = load(&EU.replace("2013-07-01", "July 2013")).unwrap_err().to_string();
        assert!(err.contains("\"July 2013\""), "{err}");
        let err = load(&EU.replace("name = \"European Union\"", "name = \"France\"")).unwrap_err().to_string();
        assert!(err.contains("not a group"), "{err}");
    }
}
