"""Cell-rule study, last section: a lower threshold for the left poles alone.

The shipped heads' held-out cells state 77-81% of the right-pole stances the annotations find
and 23-28% of the left-pole ones (scripts/pole_recall.py). This restates the shipped rule
(a sentence counts when a pole is its likeliest label with p >= 0.5; `mixed` within 1/3) and
lets a left-pole sentence count also when its left probability reaches `tl` and beats the right
one, even where `none` is likelier, for a fixed `tl` in every fold. Reads the same
`stance eval` folders as sweep.py:

    python3 notebooks/cell-rule-study/left_poles.py out/eval out/eval-seed1 out/eval-seed2 > notebooks/cell-rule-study/left_poles.log
"""
import sys, importlib.util
from collections import Counter
from pathlib import Path
spec=importlib.util.spec_from_file_location('sweep',Path(__file__).with_name('sweep.py')); sw=importlib.util.module_from_spec(spec); spec.loader.exec_module(sw)
def decide(sents, tl, mixed_within=1/3, left='', right=''):
    shares=[]
    for pl,pr,pn in sents:
        if pl+pr<=0: continue
        right_counts = pr>=max(pl,pn) and pr>=0.5
        left_counts = (pl>=max(pr,pn) and pl>=0.5) or (tl is not None and pl>=tl and pl>pr)
        if right_counts or left_counts: shares.append(pr/(pl+pr))
    if not shares: return 'not_addressed'
    score=2*sum(shares)/len(shares)-1
    if score<=-mixed_within: return left
    if score>=mixed_within: return right
    return 'mixed'
def score(truth,evidence,tl,genre):
    conf=Counter(); stated=right=inv=0; lf=lt=0
    for (g,c,d,axis),t in truth.items():
        if genre!='all' and g!=genre: continue
        l,r=sw.AXES[axis]
        p=decide(evidence.get((c,d,axis),[]),tl,1/3,l,r)
        conf[(sw.side(t,axis),sw.side(p,axis))]+=1
        if p!='not_addressed': stated+=1; right+=p==t; inv+=t=='not_addressed'
        if t==l: lt+=1; lf+=p==l
    f1=[]
    for c in range(4):
        sup=sum(v for (a,_),v in conf.items() if a==c); pred=sum(v for (_,b),v in conf.items() if b==c)
        if sup+pred: f1.append(2*conf[(c,c)]/(sup+pred))
    addr=sum(v for (a,b),v in conf.items() if a!=3); agree=sum(v for (a,b),v in conf.items() if a!=3 and a==b)
    return sum(f1)/len(f1), agree/addr, stated, right, inv, lf, lt
for run in sys.argv[1:]:
    truth,evidence=sw.load(Path(run))
    print(run)
    for genre in ['all','speech']:
        for tl in [None,0.4,0.3,0.25,0.2]:
            f1,ag,st,ri,inv,lf,lt=score(truth,evidence,tl,genre)
            print(f"  {genre:6} left p>={tl}: F1 {f1:.3f} agree {ag:.3f} stated {st} right {ri} wrong {st-ri} invented {inv} left found {lf}/{lt}")
