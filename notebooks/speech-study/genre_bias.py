"""A speech indicator among the heads' features (tried 2026-12-02, not kept): would a bias of its own
for speeches let the heads find speeches' rarer, first-person stances? The shipped recipe (speech
sentences weighing 3) against the same with a column that is 1 for a speech's sentences, on the
rebuilt study data and this study's cell proxy.

    .deps/bench-venv/bin/python notebooks/speech-study/genre_bias.py > notebooks/speech-study/genre_bias.log
"""
from study import *

SPEECH = (GENRE == "speech").astype(float)[:, None]

if __name__ == "__main__":
    f = feats("e+t", max_features=None)

    def with_indicator(tr, te):
        Xtr, Xte = f(tr, te)
        return hstack(Xtr, SPEECH[tr]), hstack(Xte, SPEECH[te])

    head = speech_weighted_head(3)
    show("shipped (speech weight 3)", oof("speech_w3", f, head))
    show("the same + speech indicator", oof("speech_w3_genre_bias", with_indicator, head))
