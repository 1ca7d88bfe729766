"""Step 1: reproduce the Rust `stance eval` numbers (heads and TF-IDF) on the exact folds."""
import time
from cv import *
from sklearn.feature_extraction.text import TfidfVectorizer

TX = np.array(R["texts"], dtype=object); TA = np.array(A["texts"], dtype=object)

def tfidf_features(tr, te, max_features=3000):
    v = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, smooth_idf=True, min_df=2, max_features=max_features,
                        lowercase=True, token_pattern=r"(?u)\b\w\w+\b", dtype=np.float64)
    v.fit(list(TX[tr]) + list(TA))
    return v.transform(TX[tr]).toarray(), v.transform(TA).toarray(), v.transform(TX[te]).toarray()

if __name__ == "__main__":
    import common; common.TOL = 1e-6
    t0 = time.time(); P = run(emb_features, C=10.0, weight="repeat"); record("heads (baseline, repeat-balanced, C=10)", P, t0=t0)
    print("   per-class F1", np.round(per_class(P), 3).tolist())
    print("   bootstrap 90% CI", np.round(bootstrap_ci(P), 3).tolist())
    t0 = time.time(); P = run(tfidf_features, C=10.0, weight="repeat"); record("tfidf (baseline)", P, t0=t0)
    print("   per-class F1", np.round(per_class(P), 3).tolist())
    print("   bootstrap 90% CI", np.round(bootstrap_ci(P), 3).tolist())
