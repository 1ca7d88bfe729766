//! Per genre and pole, the held-out cells ([`PoleCells`]): how many of each pole's stances the
//! table finds, and how many of the cells it states on the pole are right. The cell figures
//! pool the poles, and pooled they hide that the tables miss the stances of one side far more
//! often than the other's (docs/evaluation.md, "Which side the tables miss").

use super::cells::{genre_groups, DelegationCells};
use crate::axes::{Axes, CellLabel};
use crate::types::PoleCells;

/// The two poles of an axis, in the order [`by_pole`] lists them.
const POLES: [CellLabel; 2] = [CellLabel::Left, CellLabel::Right];

/// Per genre ("all" first, then each genre by name) and pole, what the held-out `delegations`
/// show.
pub fn by_genre_and_pole(axes: &Axes, delegations: &[DelegationCells]) -> Vec<PoleCells> {
    genre_groups(delegations).into_iter().flat_map(|(genre, group)| by_pole(axes, &genre, group)).collect()
}

/// Per pole of every axis (axes in order, left pole first), what the held-out `delegations`
/// of `genre` show.
fn by_pole<'a>(axes: &Axes, genre: &str, delegations: impl IntoIterator<Item = &'a DelegationCells>) -> Vec<PoleCells> {
    let mut poles: Vec<PoleCells> = axes
        .axes
        .iter()
        .flat_map(|axis| {
            POLES.map(|pole| PoleCells {
                genre: genre.to_string(),
                axis: axis.name.clone(),
                pole: pole.name(axis).to_string(),
                ..PoleCells::default()
            })
        })
        .collect();
    for delegation in delegations {
        for (a, (&truth, &predicted)) in delegation.truth.iter().zip(&delegation.predicted).enumerate() {
            for (p, pole) in POLES.into_iter().enumerate() {
                let counts = &mut poles[POLES.len() * a + p];
                if truth == pole {
                    counts.annotated += 1;
                    counts.found += usize::from(predicted == pole);
                    counts.not_addressed += usize::from(predicted == CellLabel::NotAddressed);
                }
                counts.stated += usize::from(predicted == pole);
            }
        }
    }
    poles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ALL_GENRES;
    use CellLabel::{Left, Mixed, NotAddressed, Right};

    fn delegation(genre: &str, truth: [CellLabel; 4], predicted: [CellLabel; 4]) -> DelegationCells {
        DelegationCells {
            conference: "c".into(),
            delegation: "d".into(),
            genre: genre.into(),
            fold: None,
            truth: truth.to_vec(),
            predicted: predicted.to_vec(),
            evidence_probability: vec![None; 4],
        }
    }

    #[test]
    fn each_pole_counts_its_annotated_cells_what_became_of_them_and_its_stated_cells_per_genre() {
        let axes = Axes::load(&crate::resources::locate(crate::resources::AXES)).unwrap();
        let cells = [
            delegation("speech", [Left, Right, NotAddressed, Mixed], [Left, NotAddressed, Right, Left]),
            delegation("speech", [Left, Right, Left, NotAddressed], [NotAddressed, Mixed, Left, NotAddressed]),
            delegation("position paper", [Left, Right, NotAddressed, NotAddressed], [Right, Right, NotAddressed, NotAddressed]),
        ];
        let by_genre = by_genre_and_pole(&axes, &cells);
        let genres: Vec<&str> = by_genre.iter().step_by(8).map(|p| p.genre.as_str()).collect();
        assert_eq!(genres, [ALL_GENRES, "position paper", "speech"]);
        assert!(by_genre.chunks(8).all(|genre| genre.iter().all(|p| p.genre == genre[0].genre)));
        let poles = &by_genre[..8];
        let names: Vec<(&str, &str)> = poles.iter().map(|p| (p.axis.as_str(), p.pole.as_str())).collect();
        let expected: Vec<(&str, &str)> = axes
            .axes
            .iter()
            .flat_map(|a| [(a.name.as_str(), a.left.name.as_str()), (a.name.as_str(), a.right.name.as_str())])
            .collect();
        assert_eq!(names, expected);
        let counts = |poles: &[PoleCells]| -> Vec<[usize; 4]> { poles.iter().map(|p| [p.annotated, p.found, p.not_addressed, p.stated]).collect() };
        // Each genre's counts add up to all genres'.
        let (papers, speeches) = (counts(&by_genre[8..16]), counts(&by_genre[16..]));
        let summed: Vec<[usize; 4]> = papers.iter().zip(&speeches).map(|(a, b)| [0, 1, 2, 3].map(|i| a[i] + b[i])).collect();
        assert_eq!(summed, counts(poles));
        assert_eq!(speeches[0], [2, 1, 1, 1], "the first axis's left pole in the two speeches");
        assert_eq!(
            counts(poles),
            [
                [3, 1, 1, 1], // first axis, left: found once, missed once, once put on the right
                [0, 0, 0, 1], // ... right: stated once where the annotations say left
                [0, 0, 0, 0],
                [3, 1, 1, 1], // second axis, right: found, missed, and once said `mixed`
                [1, 1, 0, 1],
                [0, 0, 0, 1], // third axis, right: invented
                [0, 0, 0, 1], // fourth axis, left: stated where the annotations say `mixed`
                [0, 0, 0, 0],
            ]
        );
        assert!(poles[0].seldom_found() && !poles[4].seldom_found() && !poles[1].seldom_found());
        assert!(poles[1].seldom_right() && !poles[0].seldom_right() && !poles[2].seldom_right());
    }
}
