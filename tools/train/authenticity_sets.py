"""The labelled sets and the features of mikros's authenticity model (train_authenticity.py).

FEATURES -- exact formulas; engine/analytics/authenticity_model.cpp computes the same:

  Inputs from a profile: followers F (integer >= 0, always present), following G (integer >= 0
  or missing), posts P (integer >= 0 or missing), handle (UTF-8, the engine's stored handle:
  a leading '@' already removed), name and bio (UTF-8, possibly empty).
  "Missing" means the profile does not give the field; an explicit 0 is a value, not missing.
  No feature is ever imputed: the model for the profile's pattern of available counts is used
  instead (PATTERNS below).

  log_followers     = log10(F + 1)
  log_follow_ratio  = log10(F + 1) - log10(G + 1)                     [needs G]
  log_posts         = log10(P + 1)                                     [needs P]
  handle_digits     = ln(1 + d), d = number of BYTES of the UTF-8 handle in '0'..'9'
                      (0x30..0x39); other digits (e.g. U+0661) do not count.  InstaFake gives
                      d directly (usernameDigitCount).
  log_following     = log10(G + 1)                                     [automation; needs G]
  log_posts_per_follower = log10(P + 1) - log10(F + 1)                 [automation; needs P]
  declared_automation = 1 or 0 [automation]:
      h = handle with ASCII 'A'..'Z' lowered (other bytes unchanged);
      1 if h starts with "bot", or ends with "bot" or "bots";
      else t = h + ' ' + lower(name) + ' ' + lower(bio) (the same ASCII-only lowering);
      a word is a maximal run of ASCII letters a-z (every other byte, including each byte of a
      multi-byte UTF-8 sequence, separates words); 1 if some word is "bot", "bots",
      "automated" or "ebooks"; else 0.

PATTERNS: one logistic model per pattern of available optional counts, tried in this order;
the first whose `requires` are all present is used.
"""

import csv
import json
import math

import numpy as np


class Account:
    """One labelled account. label: 1 = real (authenticity sets), 1 = automated (Twitter)."""

    __slots__ = ("followers", "following", "posts", "digits", "handle", "name", "bio", "label",
                 "bio_len", "verified")

    def __init__(self, followers, following, posts, digits, label, handle=None, name="", bio="",
                 bio_len=None, verified=False):
        self.followers = float(followers)
        self.following = None if following is None else float(following)
        self.posts = None if posts is None else float(posts)
        self.digits = int(digits)
        self.label = int(label)
        self.handle = handle
        self.name = name
        self.bio = bio
        self.bio_len = bio_len
        self.verified = verified

    def copy(self):
        return Account(self.followers, self.following, self.posts, self.digits, self.label,
                       self.handle, self.name, self.bio, self.bio_len, self.verified)


# Files each set needs, relative to --data.
SRF_FILE = "labelled_1000_inclprivate.csv"
INSTAFAKE_FILES = ["instafake/fakeAccountData.json", "instafake/realAccountData.json"]
TWITTER_FILES = ["bots_data.csv", "nonbots_data.csv"]
ALL_FILES = [SRF_FILE] + INSTAFAKE_FILES + TWITTER_FILES


def handle_digit_count(handle):
    """Bytes of the UTF-8 handle in '0'..'9'."""
    return sum(1 for b in handle.encode("utf-8") if 0x30 <= b <= 0x39)


def read_srf(data):
    """SRF Data's hand-labelled followers of Swiss Instagram influencers (rating TRUE = fake)."""
    out = []
    with open(data / SRF_FILE, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            handle = r["Username"].lstrip("@")
            out.append(Account(followers=r["Number.of.followers"],
                               following=r["Number.of.people.they.follow"],
                               posts=r["Number.of.posts"], digits=handle_digit_count(handle),
                               label=0 if r["rating"].strip().upper() == "TRUE" else 1,
                               handle=handle))
    return out


def read_instafake(data):
    """InstaFake fake-v1.0: fake and real Instagram accounts (no handle text, its digit count)."""
    out = []
    for name in INSTAFAKE_FILES:
        with open(data / name, encoding="utf-8") as f:
            for r in json.load(f):
                out.append(Account(followers=r["userFollowerCount"],
                                   following=r["userFollowingCount"], posts=r["userMediaCount"],
                                   digits=r["usernameDigitCount"], label=1 - int(r["isFake"]),
                                   bio_len=r["userBiographyLength"]))
    return out


def to_count(s):
    s = (s or "").strip()
    return float(s) if s else 0.0


def read_twitter(data):
    """The Twitter bot set: bots_data.csv (automated) and nonbots_data.csv (humans)."""
    out = []
    for name, bot in zip(TWITTER_FILES, (1, 0)):
        with open(data / name, encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                handle = r["screen_name"].lstrip("@")
                out.append(Account(followers=to_count(r["followers_count"]),
                                   following=to_count(r["friends_count"]),
                                   posts=to_count(r["statuses_count"]),
                                   digits=handle_digit_count(handle), label=bot, handle=handle,
                                   name=r["name"] or "", bio=r["description"] or "",
                                   verified=(r["verified"] or "").strip().upper() == "TRUE"))
    return out


def ascii_lower(s):
    return bytes(b + 32 if 0x41 <= b <= 0x5A else b for b in s.encode("utf-8"))


def declares_automation(a):
    h = ascii_lower(a.handle or "")
    if h.startswith(b"bot") or h.endswith(b"bot") or h.endswith(b"bots"):
        return 1
    t = h + b" " + ascii_lower(a.name or "") + b" " + ascii_lower(a.bio or "")
    word = bytearray()
    for b in t + b" ":
        if 0x61 <= b <= 0x7A:  # after lowering, ASCII letters are a-z
            word.append(b)
            continue
        if bytes(word) in (b"bot", b"bots", b"automated", b"ebooks"):
            return 1
        word.clear()
    return 0


# name -> (formula, counts it needs, function of an Account)
FEATURES = {
    "log_followers": ("log10(followers + 1)", [], lambda a: math.log10(a.followers + 1)),
    "log_follow_ratio": ("log10(followers + 1) - log10(following + 1)", ["following"],
                         lambda a: math.log10(a.followers + 1) - math.log10(a.following + 1)),
    "log_posts": ("log10(posts + 1)", ["posts"], lambda a: math.log10(a.posts + 1)),
    "handle_digits": ("ln(1 + d), d = count of bytes '0'..'9' (0x30-0x39) in the UTF-8 handle",
                      [], lambda a: math.log1p(a.digits)),
    "log_following": ("log10(following + 1)", ["following"],
                      lambda a: math.log10(a.following + 1)),
    "log_posts_per_follower": ("log10(posts + 1) - log10(followers + 1)", ["posts"],
                               lambda a: math.log10(a.posts + 1) - math.log10(a.followers + 1)),
    # in the alternatives table only: the previous estimate's mass-following term
    "mass_following": ("max(0, log10(following / 300))", ["following"],
                       lambda a: max(0.0, math.log10(max(a.following, 1) / 300))),
    "declared_automation": ("1 if the handle starts or ends with bot(s), or a word of handle, "
                            "name or bio is bot, bots, automated or ebooks (ASCII-only "
                            "lowering and words; tools/train/authenticity_sets.py)", [],
                            declares_automation),
}

AUTH_PATTERNS = [
    ("following+posts", ["following", "posts"], ["log_follow_ratio", "log_posts", "handle_digits"]),
    ("following", ["following"], ["log_follow_ratio", "handle_digits"]),
    ("posts", ["posts"], ["log_posts", "handle_digits"]),
    ("none", [], ["log_followers", "handle_digits"]),
]

AUTO_PATTERNS = [
    ("following+posts", ["following", "posts"],
     ["declared_automation", "log_following", "log_posts_per_follower"]),
    ("following", ["following"], ["declared_automation", "log_following"]),
    ("posts", ["posts"], ["declared_automation", "log_posts_per_follower"]),
    ("none", [], ["declared_automation"]),
]

# The counts a cross-set row gives: (label, counts hidden from the accounts)
GIVEN = [("following+posts", []), ("posts (no following)", ["following"]),
         ("following (no posts)", ["posts"]), ("followers only", ["following", "posts"])]
# The pattern model that scores each row of GIVEN.
PATTERN_OF = {"following+posts": "following+posts", "posts (no following)": "posts",
              "following (no posts)": "following", "followers only": "none"}


def hide(accounts, fields):
    """Copies of the accounts with the given optional counts removed (to test a pattern)."""
    out = []
    for a in accounts:
        b = a.copy()
        if "following" in fields:
            b.following = None
        if "posts" in fields:
            b.posts = None
        out.append(b)
    return out


def matrix(accounts, feats):
    return np.array([[FEATURES[f][2](a) for f in feats] for a in accounts], dtype=float)


def labels(accounts):
    return np.array([a.label for a in accounts], dtype=int)
