"""The second look at the first results: a linear model learnt from judged queries reorders them.

The engine's score (search.engine) sums, per word of the query, its best match in a record; it
cannot see how a record meets the query as a whole. Two records that both hold the visitor's two
words rank by the stronger link, though one is *about* them ("Identity card: issue on expiry or
loss") and the other holds one of them among many others ("Analysis report for water from
private wells": "buletin" is also a lab report in Romanian). The first RERANK_DEPTH results are
therefore reordered by a weighted sum of FEATURES of each record against the query: how much of
its title and summary the query explains, through which kinds of link (the visitor's own word,
a translation, a kind of service, a near spelling) and in which field each word is met, beside
the engine's own coverage, score and place. Records past RERANK_DEPTH keep their place.

The weights (search/reranking.json) are learnt by ``python manage.py train_ranking`` from the
development judged sets only (DEVELOPMENT_SETS), never from the held-out ones, by a pairwise
logistic regression: for each query, every relevant record against every other record among
its first results, each query counting once whatever its number of pairs. The model has no
word in it — only how records meet queries — so it carries to catalogues it has never seen;
the held-out sets measure whether it does.

Everything it reads, the database engine and the search node both give (the ranked rows and
the postings table), so both reorder the same records the same way.
"""

import json
import math
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .models import EntryKind, SearchPosting

MODEL_FILE = Path(__file__).resolve().parent / "reranking.json"

# How many of the first results are reordered: the first page. Which records are on it stays
# the engine's choice, and so the same for every spelling of the query (the engine's keys for
# "udostovereniq" and "удостоверения" differ a little, and reordering the first 30 let a record
# at the edge of the first page in or out with the spelling); only their order changes. On the
# development sets, reordering the first 30 instead also gained recall (+0.005 a set) but no
# more MRR.
RERANK_DEPTH = 10

# The judged sets the weights are learnt from (search/relevance/<name>/): those already read to
# improve the engine. E and J–P joined them at stop 40, when their misses were read and the fresh
# sets R and S were written; Q and R at stop 41, when T and U were written before their misses
# were read. S, T and U are held out: they measure the model, never train it.
DEVELOPMENT_SETS = (
    "heldout",
    "heldout-b",
    "heldout-c",
    "heldout-d",
    "heldout-e",
    "heldout-f",
    "heldout-g",
    "heldout-h",
    "heldout-i",
    "heldout-j",
    "heldout-k",
    "heldout-l",
    "heldout-m",
    "heldout-n",
    "heldout-o",
    "heldout-p",
    "heldout-q",
    "heldout-r",
)

# The kinds of alternative (search.engine.Alternative.kind), grouped as the features count them.
OWN_WORD = frozenset({"word", "form"})
TRANSLATION = frozenset({"glossary", "lexicon", "dictionary"})
RING_LINK = "service kind"  # a link through a ring of search/service_kinds.json

FEATURES = (
    # What the engine said: the share of the query's words covered, the score, its share of the
    # first result's, the place.
    "covered",
    "log_score",
    "score_share",
    "inverse_rank",
    # The share of the query's words the record meets at all, and the share it meets in its
    # own words in a title, a summary, only a body.
    "matched",
    "own_word_title",
    "own_word_summary",
    "own_word_body",
    # By which kind of link each word's best match comes, and whether in a title.
    "best_own_word",
    "best_own_word_title",
    "best_translation",
    "best_translation_title",
    "best_service_kind",
    "best_service_kind_title",
    "best_near_spelling",
    "best_near_spelling_title",
    "best_in_title",
    "best_in_body",
    # How much of the record's title and summary the query's words explain, and the title's length.
    "title_explained",
    "summary_explained",
    "log_title_length",
    # What the record is, and whether it has a version in the visitor's language.
    "is_service",
    "is_institution",
    "untranslated",
)


@lru_cache(maxsize=1)
def model(path=MODEL_FILE):
    """{feature: weight}, read once per process; empty (no reordering) when there is no model file."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return dict(zip(document["features"], document["weights"], strict=True))


def rerank(parsed, ranked, snap, plan, weights=None):
    """``ranked`` ([(entry pk, covered, score)], best first) with its first RERANK_DEPTH rows
    reordered by the model; ties keep the engine's order. ``plan`` is search.engine.scoring_plan's."""
    weights = model() if weights is None else weights
    if not weights or len(ranked) < 2 or not parsed.concepts:
        return ranked
    head = ranked[:RERANK_DEPTH]
    rows = record_features(parsed, head, snap, plan)
    # Rounded: the node's single-precision scores and the database's doubles give the same order.
    order = sorted(
        range(len(head)),
        key=lambda index: (
            -round(sum(weights.get(name, 0.0) * value for name, value in rows[index].items()), 6),
            index,
        ),
    )
    return [head[index] for index in order] + ranked[RERANK_DEPTH:]


def record_features(parsed, rows, snap, plan):
    """[{feature: value}] for each (entry pk, covered, score) of ``rows``, best first."""
    query_keys = parsed.keys  # a union over the concepts, made once
    fields = _fields([row[0] for row in rows], query_keys, snap)
    concepts = len(parsed.concepts)
    best_score = rows[0][2] if rows else 0.0
    found = []
    for place, (entry_id, covered, score) in enumerate(rows):
        held = fields[entry_id]
        values = defaultdict(float)
        values["covered"] = covered / concepts
        values["log_score"] = math.log1p(max(0.0, round(score, 3)))
        values["score_share"] = round(score, 3) / best_score if best_score > 0 else 0.0
        values["inverse_rank"] = 1 / (place + 1)
        for concept, alternatives in zip(parsed.concepts, plan, strict=True):
            _count_concept(values, concept, alternatives, held, concepts)
        title = [key for key, field in held.items() if field == SearchPosting.TITLE]
        summary = [key for key, field in held.items() if field == SearchPosting.SUMMARY]
        values["title_explained"] = sum(key in query_keys for key in title) / max(1, len(title))
        values["summary_explained"] = sum(key in query_keys for key in summary) / max(1, len(summary))
        values["log_title_length"] = math.log1p(len(title))
        info = snap.entries[entry_id]
        values["is_service"] = float(info.kind == EntryKind.SERVICE)
        values["is_institution"] = float(info.kind == EntryKind.INSTITUTION)
        values["untranslated"] = float(parsed.language not in info.titles)
        found.append(dict(values))
    return found


def _count_concept(values, concept, alternatives, held, concepts):
    """Add one word's share to ``values``: its best match in the record (field × worth), by kind and field."""
    best_value, best_kind, best_field, own_field = 0.0, None, 0, 0
    for alternative, (keys, worth) in zip(concept.alternatives, alternatives, strict=True):
        if all(key in held for key in keys):
            field = min(held[key] for key in keys)
            if field * worth > best_value:
                best_value, best_kind, best_field = field * worth, alternative.kind, field
            if alternative.kind in OWN_WORD:
                own_field = max(own_field, field)
    if best_kind is None:
        return
    share = 1 / concepts
    values["matched"] += share
    values["own_word_title"] += share * (own_field == SearchPosting.TITLE)
    values["own_word_summary"] += share * (own_field == SearchPosting.SUMMARY)
    values["own_word_body"] += share * (own_field == SearchPosting.BODY)
    if best_kind in OWN_WORD:
        group = "own_word"
    elif best_kind in TRANSLATION:
        group = "translation"
    elif best_kind == RING_LINK:
        group = "service_kind"
    else:
        group = "near_spelling"  # a typo, a longer word it starts, another part of speech
    values[f"best_{group}"] += share
    values[f"best_{group}_title"] += share * (best_field == SearchPosting.TITLE)
    values["best_in_title"] += share * (best_field == SearchPosting.TITLE)
    values["best_in_body"] += share * (best_field == SearchPosting.BODY)


def _fields(entry_ids, query_keys, snap):
    """{entry pk: {key: the most prominent field holding it}} for every title and summary key of
    the entries (kept in the snapshot) and the query's keys in their bodies."""
    found = {
        entry_id: dict(keys)
        for entry_id, keys in snap.remembered(snap.prominent_keys, entry_ids, _prominent_keys).items()
    }
    # A key has one posting per entry, in its most prominent field: the body's are the rest.
    for entry_id, key in SearchPosting.objects.filter(
        entry_id__in=entry_ids, key__in=query_keys, weight=SearchPosting.BODY
    ).values_list("entry_id", "key"):
        found[entry_id][key] = SearchPosting.BODY
    return found


def _prominent_keys(entry_ids):
    """{entry pk: {key: field}} of the entries' title and summary keys."""
    found = {entry_id: {} for entry_id in entry_ids}
    for entry_id, key, weight in SearchPosting.objects.filter(
        entry_id__in=entry_ids, weight__gte=SearchPosting.SUMMARY
    ).values_list("entry_id", "key", "weight"):
        found[entry_id][key] = weight
    return found


# --- learning the weights (manage.py train_ranking) ---

# The regularisation: the weights' squared length counts this much against the fit (an inverse
# of scikit-learn's C = 1, which the choice was checked against; the results hardly move from
# C = 0.1 to 10).
L2 = 0.5
NEWTON_STEPS = 25


def query_pairs(candidates):
    """[(relevant record's features − other's)] for one query's [(features, relevant?)]."""
    relevant = [features for features, is_relevant in candidates if is_relevant]
    others = [features for features, is_relevant in candidates if not is_relevant]
    return [[a - b for a, b in zip(good, other, strict=True)] for good in relevant for other in others]


def fit(queries):
    """Weights (one per FEATURES) of a pairwise logistic regression over ``queries``: each a list
    of (feature vector, relevant?) of its candidates. Each query weighs the same in the fit,
    however many pairs it makes; Newton's method, so the result depends on the data alone."""
    pairs, sample_weights = [], []
    for candidates in queries:
        differences = query_pairs(candidates)
        if not differences:
            continue  # every record relevant, or none among the first: nothing to learn
        pairs.extend(differences)
        sample_weights.extend([1 / len(differences)] * len(differences))
    if not pairs:
        raise ValueError("no query has both a relevant and another record among its results")
    scale = len(sample_weights) / sum(sample_weights)
    sample_weights = [weight * scale for weight in sample_weights]
    size = len(FEATURES)
    weights = [0.0] * size
    for _step in range(NEWTON_STEPS):
        gradient = [L2 * weight for weight in weights]
        hessian = [[L2 if row == column else 0.0 for column in range(size)] for row in range(size)]
        for difference, sample_weight in zip(pairs, sample_weights, strict=True):
            margin = sum(w * x for w, x in zip(weights, difference, strict=True))
            probability = 1 / (1 + math.exp(-margin)) if margin > -500 else 0.0
            slope = sample_weight * (probability - 1)
            curve = sample_weight * probability * (1 - probability)
            nonzero = [(index, x) for index, x in enumerate(difference) if x]
            for index, x in nonzero:
                gradient[index] += slope * x
                row = hessian[index]
                for other, y in nonzero:
                    row[other] += curve * x * y
        step = _solve(hessian, gradient)
        weights = [weight - delta for weight, delta in zip(weights, step, strict=True)]
        if max(abs(delta) for delta in step) < 1e-9:
            break
    return weights


def _solve(matrix, vector):
    """x with matrix · x = vector (Gaussian elimination with partial pivoting; the matrix is
    positive definite, the regularisation sees to it)."""
    size = len(vector)
    rows = [list(matrix[index]) + [vector[index]] for index in range(size)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda index: abs(rows[index][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for index in range(column + 1, size):
            factor = rows[index][column] / rows[column][column]
            if factor:
                for position in range(column, size + 1):
                    rows[index][position] -= factor * rows[column][position]
    solution = [0.0] * size
    for index in reversed(range(size)):
        solution[index] = (
            rows[index][size] - sum(rows[index][k] * solution[k] for k in range(index + 1, size))
        ) / rows[index][index]
    return solution
