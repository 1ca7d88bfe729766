"""Check: does the lbfgs tolerance move the baseline? (tol 1e-4 is used for the study; 1e-6 here.)"""
import common
from variants import *
common.TOL = 1e-6
import warnings
P, t, fam = run_variant("baseline", V["baseline [e;t] C=1 sqrt +auth"])
ev = evaluate(P); print("tol 1e-6:", ev["axis"], ev["mean"], t)
P0 = load_P("baseline [e;t] C=1 sqrt +auth")
pa, pb = predictions(P0), predictions(P)
print("decisions changed per axis:", [int((pa[a, IS] != pb[a, IS]).sum()) for a in range(4)])
