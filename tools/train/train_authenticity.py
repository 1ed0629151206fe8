#!/usr/bin/python3
"""Train mikros's authenticity model and print its cross-set validation (tools/train/README.md).

Two questions, kept apart:

  * authenticity -- is this account real, or a bought/fake account?  Learned from the two
    Instagram fake-account sets (SRF hand-labelled followers; InstaFake).  mikros's estimated
    `authenticity` (used when a profile states no `audience.authenticity`) is this model's
    P(real).
  * automation   -- is this account automated?  Learned from the Twitter bot set and stored
    under its own key; it never enters the authenticity estimate.

Usage (Debian's python3-sklearn; a python without scikit-learn will not do):

  /usr/bin/python3 tools/train/train_authenticity.py --data DIR [--out FILE] [--seed N]
                                                     [--bootstrap N]
  /usr/bin/python3 tools/train/train_authenticity.py --reference [--out FILE]

--data names the folder of the labelled sets (corpus-sources); --out defaults to
corpus/models/authenticity.json of this checkout.  --reference reads the model file instead of
training and prints the probabilities of a few fixed accounts, which tests/authenticity_test.cpp
holds as the expected values of the engine's scoring.

Deterministic: the fits are deterministic (lbfgs on fixed data in a fixed row order), the folds
and the bootstrap are seeded with --seed.  The model file holds coefficients rounded to 6
decimals, and every figure printed for a model is computed from those rounded numbers.

Features and patterns: authenticity_sets.py gives every formula.  One logistic model per
pattern of available counts; logit = intercept + sum(coef[i] * x[i]), P = 1 / (1 + e^-logit).
`mean` is the training mean of each feature: coef[i] * (x[i] - mean[i]) is feature i's
contribution to an explanation, and logit = intercept + sum(coef * mean) + sum of contributions.
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from authenticity_sets import (ALL_FILES, AUTH_PATTERNS, AUTO_PATTERNS, GIVEN, PATTERN_OF,
                               Account, declares_automation, handle_digit_count, hide, labels,
                               matrix, read_instafake, read_srf, read_twitter)
from authenticity_stats import (SINGLES, Bootstrap, auc, best_single, brier, fmt_ci,
                                previous_scores, print_reliability, single)
from model_file import model_document

C_REG = 1.0  # inverse L2 strength on standardised features (fixed, not tuned on any test set)
ROUND = 6
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent.parent / "corpus" / "models" / "authenticity.json"


# ---------------------------------------------------------------------------------------------
# models


def fit_logistic(X, y):
    """L2 logistic regression on standardised features; returned in raw feature units."""
    sc = StandardScaler().fit(X)
    lr = LogisticRegression(C=C_REG, solver="lbfgs", max_iter=10000, tol=1e-10)
    lr.fit(sc.transform(X), y)
    coef = lr.coef_[0] / sc.scale_
    intercept = lr.intercept_[0] - float(np.sum(coef * sc.mean_))
    return [round(float(c), ROUND) for c in coef], round(float(intercept), ROUND), sc


def predict(model, accounts):
    """P(label = 1) from a pattern model (coef/intercept in raw units)."""
    X = matrix(accounts, model["features"])
    z = model["intercept"] + X @ np.array(model["coef"])
    return 1.0 / (1.0 + np.exp(-z))


def choose(models, a):
    for m in models:
        if all(getattr(a, f) is not None for f in m["requires"]):
            return m
    raise ValueError("no pattern model applies")


def predict_any(models, accounts):
    return np.array([predict(choose(models, a), [a])[0] for a in accounts])


def train_patterns(accounts, patterns, positive):
    models = []
    y = labels(accounts)
    for name, requires, feats in patterns:
        coef, intercept, sc = fit_logistic(matrix(accounts, feats), y)
        mean = [round(float(m), ROUND) for m in sc.mean_]
        models.append({
            "pattern": name,
            "requires": requires,
            "features": feats,
            "coef": coef,
            "intercept": intercept,
            "mean": mean,
            "scale": [round(float(s), ROUND) for s in sc.scale_],
            "baseline_logit": round(intercept + sum(c * m for c, m in zip(coef, mean)), ROUND),
            "positive_class": positive,
            "n_train": int(len(y)),
            "n_positive": int(y.sum()),
        })
    return models


# ---------------------------------------------------------------------------------------------
# the report, one section per function


def cross_set(sets, args):
    """Train on one Instagram set, test on the other. Returns the figures, the reliability
    inputs and the held-out models (written to the model file for `mikros evaluate`)."""
    print("\n## Cross-set ROC AUC (train on the other set; bootstrap 95% CI, "
          f"{args.bootstrap} stratified resamples, seed {args.seed})")
    print("| test set | train | counts given | model AUC [95% CI] | best single feature "
          "AUC [95% CI] | target (best - 0.01) | met | previous estimate AUC | Brier |")
    print("|---|---|---|---|---|---|---|---|---|")
    cross, rel, held_out = {}, [], []
    for test, train in (("InstaFake", "SRF"), ("SRF", "InstaFake")):
        models = train_patterns(sets[train], AUTH_PATTERNS, "real")
        held_out.append({"trained_on": train, "tested_on": test, "models": models})
        y = labels(sets[test])
        boot = Bootstrap(y, args.bootstrap, args.seed)
        for given, hidden in GIVEN:
            acc = hide(sets[test], hidden)
            p = predict_any(models, acc)
            avail = [f for f in ("following", "posts") if f not in hidden]
            name, bv, bs = best_single(acc, y, avail)
            prev = auc(y, previous_scores(acc, test.lower()))
            a = auc(y, p)
            c = dict(auc=a, ci=boot.ci(p), best=name, best_auc=bv, best_ci=boot.ci(bs), prev=prev,
                     brier=brier(y, p), met=a >= bv - 0.01, train=train)
            cross[(test, given)] = c
            print(f"| {test} | {train} | {given} | {fmt_ci(a, c['ci'])} | {name} "
                  f"{fmt_ci(bv, c['best_ci'])} | {bv - 0.01:.3f} | {'yes' if c['met'] else 'NO'} "
                  f"| {prev:.3f} | {c['brier']:.4f} |")
            if given in ("following+posts", "posts (no following)"):
                rel.append((f"{test} (trained on {train}), {given}", y, p))
    print("\n## Reliability (10 bins of predicted P(real); cross-set predictions)")
    for title, y, p in rel:
        print_reliability(title, y, p)
    return cross, held_out


def alternatives(sets):
    print("\n## Alternatives considered (following+posts given; cross-set AUC)")
    print("| features | SRF -> InstaFake | InstaFake -> SRF | coefficients (trained on SRF; on "
          "InstaFake) |")
    print("|---|---:|---:|---|")
    for feats in (["log_follow_ratio"], ["log_follow_ratio", "log_posts"],
                  ["log_follow_ratio", "log_posts", "handle_digits"],
                  ["log_follow_ratio", "log_posts", "handle_digits", "log_followers"],
                  ["log_follow_ratio", "log_posts", "handle_digits", "mass_following"],
                  ["log_followers", "log_following", "log_posts", "handle_digits"]):
        vals, coefs = [], []
        for test, train in (("InstaFake", "SRF"), ("SRF", "InstaFake")):
            m = train_patterns(sets[train], [("x", [], feats)], "real")[0]
            vals.append(auc(labels(sets[test]), predict(m, sets[test])))
            coefs.append(" ".join(f"{c:+.2f}" for c in m["coef"]))
        print(f"| {' + '.join(feats)} | {vals[0]:.3f} | {vals[1]:.3f} | {coefs[0]}; {coefs[1]} |")
    print("\n## Single features (fixed direction), AUC on each full set")
    print("| feature | SRF | InstaFake |")
    print("|---|---:|---:|")
    for name, needs, fn in SINGLES:
        vals = [auc(labels(v), [fn(a) for a in v]) for v in sets.values()]
        print(f"| {name} | {vals[0]:.3f} | {vals[1]:.3f} |")
    yi = labels(sets["InstaFake"])
    print(f"| bio length (InstaFake only) | - | "
          f"{auc(yi, [a.bio_len for a in sets['InstaFake']]):.3f} |")


def pooled_model(sets, args):
    """The shipped model: both Instagram sets pooled; its 5-fold CV and in-sample figures."""
    pooled = sets["SRF"] + sets["InstaFake"]
    final = train_patterns(pooled, AUTH_PATTERNS, "real")
    print("\n## Final model: SRF + InstaFake pooled "
          f"({len(pooled)} accounts, {int(labels(pooled).sum())} real)")
    for m in final:
        terms = " ".join(f"{c:+.4f}*{f}" for c, f in zip(m["coef"], m["features"]))
        print(f"{m['pattern']:16s} logit = {m['intercept']:+.4f} {terms}")
    # 5-fold CV on the pooled data (folds stratified by set and label)
    yp = labels(pooled)
    strata = np.array([2 * (i >= len(sets["SRF"])) + a.label for i, a in enumerate(pooled)])
    cvp = {g: np.zeros(len(pooled)) for g in ("following+posts", "posts (no following)")}
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=args.seed).split(pooled, strata):
        ms = train_patterns([pooled[i] for i in tr], AUTH_PATTERNS, "real")
        cvp["following+posts"][te] = predict_any(ms, [pooled[i] for i in te])
        cvp["posts (no following)"][te] = predict_any(ms, hide([pooled[i] for i in te],
                                                                ["following"]))
    print("| set | counts given | pooled 5-fold CV AUC | shipped model, in-sample AUC | "
          "Brier (in-sample) |")
    print("|---|---|---:|---:|---:|")
    off = {"SRF": slice(0, len(sets["SRF"])), "InstaFake": slice(len(sets["SRF"]), len(pooled))}
    for k, sl in off.items():
        for g, hidden in GIVEN[:2]:
            p = predict_any(final, hide(sets[k], hidden))
            print(f"| {k} | {g} | {auc(yp[sl], cvp[g][sl]):.3f} | {auc(labels(sets[k]), p):.3f} | "
                  f"{brier(labels(sets[k]), p):.4f} |")
    print_reliability("Shipped model, pooled 5-fold CV predictions, following+posts", yp,
                      cvp["following+posts"])
    return final


def stress_check(sets, twitter):
    """Real people of another platform (Twitter humans) against each Instagram set's fakes."""
    humans = [a for a in twitter if a.label == 0]
    print("\n## Stress check: Twitter humans (nonbots_data.csv, real) against Instagram fakes "
          "(scored by the model trained on the OTHER Instagram set)")
    print("| fakes from | model AUC | ratio AUC | posts AUC | followers AUC | previous estimate "
          "AUC |")
    print("|---|---:|---:|---:|---:|---:|")
    for fake_set, train in (("SRF", "InstaFake"), ("InstaFake", "SRF")):
        ms = train_patterns(sets[train], AUTH_PATTERNS, "real")
        fakes = [a for a in sets[fake_set] if a.label == 0]
        acc = [Account(a.followers, a.following, a.posts, a.digits, 1, a.handle, a.name, a.bio)
               for a in humans]
        acc += fakes
        y = labels(acc)
        vals = [auc(y, predict_any(ms, acc))]
        vals += [auc(y, [single(n)(a) for a in acc])
                 for n in ("follower/following ratio", "posts", "followers")]
        vals.append(auc(y, np.concatenate([previous_scores(acc[:len(humans)], "twitter"),
                                           previous_scores(fakes, fake_set.lower())])))
        print(f"| {fake_set} | " + " | ".join(f"{v:.3f}" for v in vals) + " |")


def automation(twitter, args):
    """The automation model (Twitter bot set): 5-fold CV figures, flag thresholds, final fit."""
    print(f"\n# Automation (Twitter bot set: {len(twitter)} accounts, "
          f"{int(labels(twitter).sum())} bots)")
    yt = labels(twitter)
    ver = np.array([a.verified for a in twitter])
    folds = list(StratifiedKFold(5, shuffle=True, random_state=args.seed).split(twitter, yt))
    print("| counts given | 5-fold CV AUC [95% CI] | CV AUC, unverified humans only | "
          "declared flag alone | previous estimate 1 - P (unverified humans only) |")
    print("|---|---|---:|---:|---:|")
    boot = Bootstrap(yt, args.bootstrap, args.seed)
    cv, thresholds, rates = {}, {}, {}
    flag = np.array([declares_automation(a) for a in twitter], dtype=float)
    for g, hidden in GIVEN:
        acc = hide(twitter, hidden)
        p = np.zeros(len(acc))
        for tr, te in folds:
            ms = train_patterns([twitter[i] for i in tr], AUTO_PATTERNS, "automated")
            p[te] = predict_any(ms, [acc[i] for i in te])
        cv[g] = auc(yt, p)
        sel = ~ver | (yt == 1)
        prev = 1 - previous_scores(acc, "twitter")
        # flag threshold: at most 5% of the set's unverified humans flagged (CV predictions)
        hum = p[~ver & (yt == 0)]
        t = float(np.quantile(hum, 0.95, method="higher"))
        thresholds[PATTERN_OF[g]] = round(t, 4)
        rates[g] = (float(np.mean(p[yt == 1] > t)), float(np.mean(hum > t)),
                    float(np.mean(p[ver & (yt == 0)] > t)))
        print(f"| {g} | {fmt_ci(cv[g], boot.ci(p))} | {auc(yt[sel], p[sel]):.3f} | "
              f"{auc(yt, flag):.3f} | {auc(yt, prev):.3f} ({auc(yt[sel], prev[sel]):.3f}) |")
    print("\nFlag = P(automated) > threshold, the threshold set so that at most 5% of the set's "
          "unverified humans are flagged (CV predictions):")
    print("| counts given | threshold | bots flagged | unverified humans flagged | "
          "verified humans flagged |")
    print("|---|---:|---:|---:|---:|")
    for g, _ in GIVEN:
        tp, fp, fpv = rates[g]
        print(f"| {g} | {thresholds[PATTERN_OF[g]]:.4f} | {tp:.1%} | {fp:.1%} | {fpv:.1%} |")
    final = train_patterns(twitter, AUTO_PATTERNS, "automated")
    for m in final:
        m["flag_threshold"] = thresholds[m["pattern"]]
        terms = " ".join(f"{c:+.4f}*{f}" for c, f in zip(m["coef"], m["features"]))
        print(f"{m['pattern']:16s} logit = {m['intercept']:+.4f} {terms}")
    print(f"declared flag: {flag[yt == 1].mean():.1%} of bots, {flag[yt == 0].mean():.1%} of "
          "humans")
    return final, cv


# ---------------------------------------------------------------------------------------------
# --reference: the expected values of tests/authenticity_test.cpp

REFERENCE_ACCOUNTS = [
    # followers, following, posts, handle, name, bio
    (20000, 600, 400, "maria.lopez", "Maria Lopez", "ceramics and slow mornings"),
    (50, 800, 20, "anna_k", "", ""),
    (30, 2500, 0, "user84213377", "", ""),
    (0, 0, 0, "x", "", ""),
    (1200, None, 35, "joe2", "Joe", "dad jokes"),
    (15000, 300, None, "café_ñandú", "", "Ñandú café ☕"),
    (409800000, None, None, "leomessi", "Leo Messi", ""),
    (250, None, None, "Daily_Quotes_BOTS", "", ""),
    (1129, 7, 23557, "mcgucket_bot", "McGucket Bot", "A bot that tweets every line"),
    (505, 13, 5109, "robotrecipes", "", "tasty recipes for robot // a bot by @inky"),
    (100, 100, 10, "ali\u0661\u0662\u0663", "", "robotics teacher, bottle collector"),
    (3, 7500, 2, "shop.deals.2024", "", "follow4follow"),
]


def reference(model_path):
    doc = json.loads(model_path.read_text(encoding="utf-8"))
    auth, auto = doc["authenticity"]["models"], doc["automation"]["models"]
    print(f"// Expected values from `train_authenticity.py --reference` on {model_path.name}:")
    print("// followers, following, posts, handle, name, bio, P(real), pattern, P(automated), "
          "flagged")
    for f, g, p, handle, name, bio in REFERENCE_ACCOUNTS:
        a = Account(f, g, p, handle_digit_count(handle), 1, handle, name, bio)
        ma, mb = choose(auth, a), choose(auto, a)
        pa, pb = predict(ma, [a])[0], predict(mb, [a])[0]

        def opt(v):
            return "std::nullopt" if v is None else str(v)

        print(f"    {{{f}, {opt(g)}, {opt(p)}, {json.dumps(handle, ensure_ascii=False)}, "
              f"{json.dumps(name, ensure_ascii=False)}, {json.dumps(bio, ensure_ascii=False)}, "
              f"{pa:.17g}, \"{ma['pattern']}\", {pb:.17g}, "
              f"{'true' if pb > mb['flag_threshold'] else 'false'}}},")


# ---------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help="folder with the labelled sets (corpus-sources)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="the model file to write (default: corpus/models/authenticity.json)")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--bootstrap", type=int, default=2000)
    ap.add_argument("--reference", action="store_true",
                    help="print the test accounts' expected values from the model file --out")
    args = ap.parse_args()
    if args.reference:
        reference(args.out)
        return
    if args.data is None:
        ap.error("--data DIR is required (the folder of the labelled sets, e.g. "
                 "../shared/corpus-sources)")
    data = args.data.resolve()
    missing = [n for n in ALL_FILES if not (data / n).is_file()]
    if missing:
        sys.exit(f"train_authenticity: {data} lacks {', '.join(missing)} "
                 "(pass --data DIR with the corpus-sources sets)")

    sets = {"SRF": read_srf(data), "InstaFake": read_instafake(data)}
    twitter = read_twitter(data)
    print(f"# Authenticity (real vs bought/fake account), data {data}")
    for k, v in sets.items():
        y = labels(v)
        print(f"{k}: {len(v)} accounts, {int(y.sum())} real, {int(len(y) - y.sum())} fake")
    cross, held_out = cross_set(sets, args)
    alternatives(sets)
    final = pooled_model(sets, args)
    stress_check(sets, twitter)
    auto_final, auto_cv = automation(twitter, args)
    doc = model_document(args, sets, twitter, cross, final, held_out, auto_final, auto_cv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"\nwrote {args.out}")
    if not all(c["met"] for c in cross.values()):
        print("WARNING: a cross-set target was missed", file=sys.stderr)


if __name__ == "__main__":
    main()
