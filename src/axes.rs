//! The stance axes (`models/axes.toml`): for each, its poles with a description and example
//! sentences, and on-topic sentences that take no side. Adding an axis is an edit of that file.

use crate::error::{Error, Result};
use crate::resources;
use crate::types::{Gold, Side};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

mod subject;
pub use subject::SubjectPattern;

/// The label of a sentence that does not address an axis.
pub const NONE_LABEL: &str = "none";

/// A delegation's label on an axis where its sentences take both sides.
pub const MIXED_LABEL: &str = "mixed";

/// A delegation's label on an axis none of its sentences takes a side on.
pub const NOT_ADDRESSED_LABEL: &str = "not_addressed";

/// An annotation of a sentence that states both poles of an axis explicitly.
pub const BOTH_LABEL: &str = "both";

/// Names the annotations and the aggregate use as labels; a pole may not take them.
pub const RESERVED_LABELS: [&str; 4] = [NONE_LABEL, MIXED_LABEL, NOT_ADDRESSED_LABEL, BOTH_LABEL];

/// A cell's label (a delegation on an axis), whatever the axis's pole names: what a stance
/// table states, what the annotations say it should, and what a heatmap colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CellLabel {
    Left,
    Right,
    Mixed,
    NotAddressed,
}

impl CellLabel {
    pub const ALL: [CellLabel; 4] = [CellLabel::Left, CellLabel::Right, CellLabel::Mixed, CellLabel::NotAddressed];

    /// The label a stance table gives on `axis` (a pole's name, `mixed` or `not_addressed`).
    pub fn from_table(label: &str, axis: &Axis) -> Option<Self> {
        match label {
            l if l == axis.left.name => Some(CellLabel::Left),
            l if l == axis.right.name => Some(CellLabel::Right),
            MIXED_LABEL => Some(CellLabel::Mixed),
            NOT_ADDRESSED_LABEL => Some(CellLabel::NotAddressed),
            _ => None,
        }
    }

    pub fn name(self, axis: &Axis) -> &str {
        match self {
            CellLabel::Left => &axis.left.name,
            CellLabel::Right => &axis.right.name,
            CellLabel::Mixed => MIXED_LABEL,
            CellLabel::NotAddressed => NOT_ADDRESSED_LABEL,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pole {
    pub name: String,
    pub description: String,
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    pub name: String,
    pub description: String,
    pub left: Pole,
    pub right: Pole,
    /// Sentences on this axis's topic that take no side.
    #[serde(default)]
    pub none: Examples,
}

impl Axis {
    /// The label of `side` on this axis: a pole's name, or `none`.
    pub fn label(&self, side: Side) -> &str {
        match side {
            Side::Left => &self.left.name,
            Side::Right => &self.right.name,
            Side::None => NONE_LABEL,
        }
    }

    /// The side a label names on this axis, if it is one of its labels.
    pub fn side(&self, label: &str) -> Option<Side> {
        Side::ALL.into_iter().find(|&side| self.label(side) == label)
    }

    /// What an annotation's label says on this axis: a side, or `both` poles.
    pub fn gold(&self, label: &str) -> Option<Gold> {
        if label == BOTH_LABEL {
            return Some(Gold::Both);
        }
        self.side(label).map(Gold::Side)
    }

    /// The annotation label of `gold` on this axis.
    pub fn gold_label(&self, gold: Gold) -> &str {
        match gold {
            Gold::Side(side) => self.label(side),
            Gold::Both => BOTH_LABEL,
        }
    }
}

/// How the zero-shot classifier turns similarities into probabilities.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZeroShotSettings {
    /// A class's score is the mean cosine similarity of its `top_k` closest examples.
    pub top_k: usize,
    /// Added to the "none" score before the softmax: most sentences of a record take no side,
    /// so the bar for taking one is set a little higher.
    pub none_bias: f32,
    /// Softmax temperature over the three class scores: smaller is more decisive.
    pub temperature: f32,
}

/// What the axes are about, as `[scope]` in the file says it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeFile {
    pattern: String,
    #[serde(default)]
    ambiguous_pattern: Option<String>,
    window: usize,
}

/// Which sentences can take a side (codebook, "Scope"): those that are about what the axes are
/// about in their own words, or through the `window` sentences just before them in the same
/// statement.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Matches the subjects the axes are about (cyberspace, the Internet, ICTs ...), case
    /// insensitively.
    pub pattern: SubjectPattern,
    /// Matches words that name that subject only in a statement that names it elsewhere
    /// ("surveillance", "espionage", "free flow of information" ...): the same words in a 1960
    /// speech are about spy planes and news agencies, never cyberspace. Optional in the file.
    pub ambiguous: Option<SubjectPattern>,
    /// How many sentences before a sentence, in its statement, can bring it into scope.
    pub window: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AxesFile {
    scope: ScopeFile,
    zero_shot: ZeroShotSettings,
    none: Examples,
    axis: Vec<Axis>,
}

/// The validated axis configuration.
#[derive(Debug, Clone)]
pub struct Axes {
    pub axes: Vec<Axis>,
    /// Sentences that address no axis, used as "none" evidence for every axis.
    pub shared_none: Vec<String>,
    pub zero_shot: ZeroShotSettings,
    /// Which sentences can take a side; no other counts in the stance tables.
    pub scope: Scope,
}

impl Axes {
    pub fn load(path: &Path) -> Result<Self> {
        Self::parse(&resources::read_text(path)?, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let bad = |message: String| Error::bad_input(path, None, message);
        let file: AxesFile = resources::parse_toml(text, path, "axes file")?;
        if file.axis.is_empty() {
            return Err(bad("no [[axis]] defined".into()));
        }
        let zero_shot = &file.zero_shot;
        // (written so that NaN fails too: NaN <= 0 is false)
        if zero_shot.top_k == 0 || !(zero_shot.temperature.is_finite() && zero_shot.temperature > 0.0) || !zero_shot.none_bias.is_finite() {
            return Err(bad("[zero_shot] needs top_k >= 1, a finite temperature > 0 and a finite none_bias".into()));
        }
        let mut axis_names = HashSet::new();
        let mut pole_names = HashSet::new();
        for axis in &file.axis {
            if !is_identifier(&axis.name) {
                return Err(bad(format!("axis name {:?} must be lower_snake_case", axis.name)));
            }
            if !axis_names.insert(axis.name.as_str()) {
                return Err(bad(format!("axis {:?} is defined twice", axis.name)));
            }
            for pole in [&axis.left, &axis.right] {
                if !is_identifier(&pole.name) || RESERVED_LABELS.contains(&pole.name.as_str()) {
                    return Err(bad(format!(
                        "axis {:?}: pole name {:?} must be lower_snake_case and not one of {RESERVED_LABELS:?}",
                        axis.name, pole.name
                    )));
                }
                if !pole_names.insert(pole.name.as_str()) {
                    return Err(bad(format!("pole {:?} is used twice; pole names must be unique", pole.name)));
                }
                if pole.examples.is_empty() {
                    return Err(bad(format!("axis {:?}, pole {:?}: no example sentences", axis.name, pole.name)));
                }
            }
        }
        let subject_pattern = |key: &str, source: &str| {
            SubjectPattern::new(source).map_err(|e| bad(format!("[scope] {key} is not a valid regular expression: {e}")))
        };
        let scope = Scope {
            pattern: subject_pattern("pattern", &file.scope.pattern)?,
            ambiguous: file.scope.ambiguous_pattern.as_deref().map(|p| subject_pattern("ambiguous_pattern", p)).transpose()?,
            window: file.scope.window,
        };
        if file.none.examples.is_empty() {
            return Err(bad("[none] needs example sentences that address no axis".into()));
        }
        Ok(Axes {
            axes: file.axis,
            shared_none: file.none.examples,
            zero_shot: file.zero_shot,
            scope,
        })
    }

    pub fn names(&self) -> Vec<&str> {
        self.axes.iter().map(|a| a.name.as_str()).collect()
    }

    /// Where the axis called `name` sits in [`Axes::axes`] (the order of every per-axis vector).
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.axes.iter().position(|a| a.name == name)
    }

    /// The axis called `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<&Axis> {
        self.index_of(name).map(|index| &self.axes[index])
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SETTINGS: &str = "[scope]\npattern = \"cyber\"\nambiguous_pattern = \"espionage\"\nwindow = 1\n[zero_shot]\ntop_k = 3\nnone_bias = 0.0\ntemperature = 0.05\n[none]\nexamples = [\"The meeting closed.\"]\n";

    fn axis(name: &str, left: &str, right: &str) -> String {
        format!(
            "[[axis]]\nname = \"{name}\"\ndescription = \"d\"\n\
             [axis.left]\nname = \"{left}\"\ndescription = \"d\"\nexamples = [\"l\"]\n\
             [axis.right]\nname = \"{right}\"\ndescription = \"d\"\nexamples = [\"r\"]\n"
        )
    }

    fn parse(text: &str) -> Result<Axes> {
        Axes::parse(text, Path::new("axes.toml"))
    }

    #[test]
    fn a_valid_file_loads_with_its_axes_in_order() {
        let axes = parse(&format!("{SETTINGS}{}{}", axis("b_axis", "b1", "b2"), axis("a_axis", "a1", "a2"))).unwrap();
        assert_eq!(axes.names(), ["b_axis", "a_axis"]);
    }

    #[test]
    fn a_duplicate_axis_is_refused_by_name() {
        let err = parse(&format!("{SETTINGS}{}{}", axis("x", "a", "b"), axis("x", "c", "d"))).unwrap_err();
        assert!(err.to_string().contains("axis \"x\" is defined twice"), "{err}");
    }

    #[test]
    fn a_missing_pole_is_refused() {
        let text = format!("{SETTINGS}[[axis]]\nname = \"x\"\ndescription = \"d\"\n[axis.left]\nname = \"a\"\ndescription = \"d\"\nexamples = [\"l\"]\n");
        let err = parse(&text).unwrap_err().to_string();
        assert!(err.contains("axes.toml") && err.contains("missing field `right`"), "{err}");
    }

    #[test]
    fn a_zero_shot_setting_that_is_not_a_number_is_refused() {
        for (setting, bad) in [("temperature = 0.05", "temperature = nan"), ("none_bias = 0.0", "none_bias = inf")] {
            let err = parse(&format!("{}{}", SETTINGS.replace(setting, bad), axis("x", "a", "b"))).unwrap_err();
            assert!(err.to_string().contains("a finite temperature > 0 and a finite none_bias"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_pole_may_not_take_a_reserved_label() {
        let err = parse(&format!("{SETTINGS}{}", axis("x", "mixed", "b"))).unwrap_err();
        assert!(err.to_string().contains("\"mixed\""), "{err}");
    }
}
