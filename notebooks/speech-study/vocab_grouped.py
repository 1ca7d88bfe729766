"""Is the uncapped TF-IDF vocabulary still worth it with the folds grouped by shared sentences?

head-study-v2 chose it (every term in two or more training sentences instead of the 3,000 most
frequent) with folds that let NETmundial contributions repeating each other's paragraphs sit on
both sides of a split, the very case where rare terms help most. Here both vocabularies are
scored on the grouped folds, each in the shipped recipe ([embedding ; TF-IDF], sqrt class
weights, speech sentences weighing 3): sentence and cell figures, and paired bootstraps of the
difference (over records for sentence macro-F1, over delegations for the cells).

    python3 scripts/study_data.py        # after `make eval`
    .deps/bench-venv/bin/python notebooks/speech-study/vocab_grouped.py > notebooks/speech-study/vocab_grouped.log
"""
from study import *
from analyse import bootstrap

if __name__ == "__main__":
    uncapped = oof("speech_w3", feats("e+t", max_features=None), speech_weighted_head(3))
    capped = oof("speech_w3_capped_3000", feats("e+t", max_features=3000), speech_weighted_head(3))
    show("3,000 terms", capped)
    show("uncapped (shipped)", uncapped)
    b = bootstrap(uncapped, capped)
    print("sentence macro-F1, uncapped - 3,000 terms, per axis and mean: "
          f"{b['point']} (90% {b['lo'][4]:+.4f} to {b['hi'][4]:+.4f} on the mean), P(>0) {b['p_gt0']}")
    paired_cell_bootstrap(capped, uncapped, "uncapped - 3,000 terms", genre=None)
    paired_cell_bootstrap(capped, uncapped, "uncapped - 3,000 terms")
