"""Fold-0 (UNRCPD Beijing summary report, 266 sentences, most poles) macro-F1 of saved predictions vs SetFit fold 0."""
from cv import *
te = FOLD == 0
def f0(P): return [macro_f1(R["y"][te, a], argmax_rust(P[a][te])) for a in range(4)]
for n in ["heads (baseline, repeat-balanced, C=10)", "a: emb C=1 w=sqrt", "tfidf (baseline)", "d: [x, 1.0*tfidf] [C=1,sqrt]"]:
    print(f"{n:<45} fold0 {fmt(f0(np.load(f'{CACHE}/P_' + n.replace(' ', '_') + '.npy')))}")
e = np.load(f"{CACHE}/setfit_fold0_p1.npy"); eR, eA = e[:NR], e[NR:]
P = run(lambda a, b: (eR[a], eA, eR[b]), C=1.0, weight="sqrt")
print(f"{'g: SetFit fold-0 encoder + LR C=1 sqrt':<45} fold0 {fmt(f0(P))}")
P = run(lambda a, b: (eR[a], eA, eR[b]), C=10.0, weight="repeat")
print(f"{'g: SetFit fold-0 encoder + LR C=10 repeat':<45} fold0 {fmt(f0(P))}")
