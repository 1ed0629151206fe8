"""The model file train_authenticity.py writes (corpus/models/authenticity.json), which the
engine builds into the library (engine/analytics/authenticity_model.cpp reads it)."""

from authenticity_sets import AUTH_PATTERNS, AUTO_PATTERNS, FEATURES, labels

FORMAT = "mikros-authenticity-model"
VERSION = 1

HOW_TO_SCORE = [
    "Pick the first entry of `models` whose `requires` counts (following, posts) the profile "
    "gives; missing means not given (an explicit 0 is a value).",
    "logit = intercept + sum(coef[i] * feature(features[i])); P = 1 / (1 + exp(-logit)).",
    "Contribution of feature i to an explanation: coef[i] * (x[i] - mean[i]); logit = "
    "intercept + sum(coef * mean) + sum of contributions (baseline_logit is that first sum, "
    "rounded).",
    "`scale` is the training standard deviation, for information only.",
    "authenticity.held_out: the same models trained on one set only, which `mikros evaluate "
    "authenticity` tests on the other set.",
]

# Hand-set log-odds added to the authenticity logit after the model. No labelled set has
# engagement, a follower history or a posting rate, so these are neither learned nor validated;
# the values are those of the estimate mikros used before this model.
ADJUSTMENTS = {
    "note": "Hand-set log-odds added to the authenticity logit after the model. No labelled set "
            "has engagement, a follower history or a posting rate, so these are neither learned "
            "nor validated (docs/analytics.md).",
    "follower_spike": {"when": "a follower spike (docs/analytics.md, Values)", "logit": -1.5},
    "engagement_far_above_peers": {
        "when": "engagement rate / the published median of the profile's band >= threshold",
        "threshold": 4.0, "logit": -1.5},
    "engagement_far_below_peers": {
        "when": "engagement rate / the published median of the profile's band < threshold",
        "threshold": 0.2, "logit": -1.0},
    "inhuman_posting_rate": {"when": "posts_per_week > threshold", "threshold": 35.0,
                             "logit": -1.0},
}


def validation_entries(cross):
    return {f"{t} | {g}": {
        "trained_on": c["train"],
        "auc": round(c["auc"], 4), "auc_ci95": [round(c["ci"][0], 4), round(c["ci"][1], 4)],
        "best_single_feature": c["best"], "best_single_auc": round(c["best_auc"], 4),
        "brier": round(c["brier"], 4)} for (t, g), c in cross.items()}


def model_document(args, sets, twitter, cross, final, held_out, auto_final, auto_cv):
    used = sorted({f for _, _, fs in AUTH_PATTERNS + AUTO_PATTERNS for f in fs})
    yt = labels(twitter)
    return {
        "format": FORMAT,
        "version": VERSION,
        "trained_by": f"tools/train/train_authenticity.py --seed {args.seed} (scikit-learn "
                      "LogisticRegression, L2, C=1.0 on standardised features, lbfgs)",
        "how_to_score": HOW_TO_SCORE,
        "features": {f: {"formula": FEATURES[f][0], "requires": FEATURES[f][1]} for f in used},
        "authenticity": {
            "question": "Is the account a real person or organisation (1) or a bought/fake "
                        "account (0)? P(real) is mikros's estimated authenticity (share of real "
                        "followers) when a profile states no audience.authenticity.",
            "training_data": {
                "description": "SRF Data 2017 hand-labelled followers of Swiss Instagram "
                               "influencers (labelled_1000_inclprivate.csv, CC BY-SA 4.0) pooled "
                               "with InstaFake fake-v1.0 (Akyon & Kalfaoglu 2019, "
                               "fakeAccountData.json + realAccountData.json, CC BY-NC 4.0).",
                "sets": {k: {"accounts": len(v), "real": int(labels(v).sum()),
                             "fake": int(len(v) - labels(v).sum())} for k, v in sets.items()},
            },
            "validation": validation_entries(cross),
            "models": final,
            "held_out": held_out,
        },
        "automation": {
            "question": "Is the account automated (a declared or scripted bot)? A separate "
                        "flag; it does not enter the authenticity estimate.",
            "training_data": {
                "description": "Kaggle 'Twitter bot detection' training data as in "
                               "stclab-projects/stcproject-twitter-bot-detection (bots_data.csv "
                               "bot=1, nonbots_data.csv bot=0; March 2017). 43% of its humans "
                               "are verified, so follower-count terms are left out on purpose.",
                "accounts": len(twitter), "automated": int(yt.sum()),
            },
            "validation": {f"Twitter 5-fold CV | {g}": round(v, 4) for g, v in auto_cv.items()},
            "flag": "automated when P(automated) > the model's flag_threshold (chosen so that "
                    "at most 5% of the set's unverified humans are flagged; P is calibrated to "
                    "the set's 47% share of bots, not to a real population, so do not read it "
                    "as a probability)",
            "models": auto_final,
        },
        "adjustments": ADJUSTMENTS,
    }
