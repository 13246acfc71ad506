"""Search queries, their retrieved candidates, latent relevance and query×product features."""
from dataclasses import dataclass

import numpy as np

from .catalog import Catalog, Vocabulary
from .vocabulary import CATEGORY_WEIGHTS, COLORS

GRADE_THRESHOLDS = [1.4, 2.1, 2.7, 3.3]  # latent relevance → graded judgment 0..4


@dataclass
class Queries:
    text: list
    qtype: np.ndarray
    brand: np.ndarray   # -1: no brand in the query
    color: np.ndarray
    adj: np.ndarray
    cap: np.ndarray     # price cap ("under 50"), 0 for none
    volume: np.ndarray  # searches per day
    tokens: np.ndarray  # [Q, L] token ids, -1 padding


def _query_text(vocab: Vocabulary, t, b, c, a, cap) -> str:
    words = [vocab.brand_names[b]] if b >= 0 else []
    words += [vocab.adj_names[a]] if a >= 0 else []
    words += [COLORS[c]] if c >= 0 else []
    words.append(vocab.type_names[t])
    words += ["under", str(cap)] if cap else []
    return " ".join(words)


def _draw_spec(rng, vocab: Vocabulary, type_weights):
    t = int(rng.choice(len(vocab.type_names), p=type_weights))
    c0 = int(vocab.type_category[t])
    b = c0 * 6 + int(min(rng.zipf(1.8) - 1, 5)) if rng.random() < 0.3 else -1
    c = int(rng.integers(len(COLORS))) if rng.random() < 0.2 else -1
    a = -1
    if rng.random() < 0.35:
        slots = [j for j in range(8) if vocab.adj_names[c0 * 8 + j]]
        a = c0 * 8 + int(rng.choice(slots))
    cap = 0
    if rng.random() < 0.12:
        cap = int(max(10, round(vocab.type_price[t] * rng.choice([0.5, 1.0, 1.5]) / 10) * 10))
    return t, b, c, a, cap


def make_queries(rng, vocab: Vocabulary, n: int) -> Queries:
    cat_w = np.repeat(np.array(CATEGORY_WEIGHTS), 4)
    type_weights = cat_w * rng.lognormal(0, 0.5, len(cat_w))
    type_weights /= type_weights.sum()
    seen, specs = set(), []
    for _ in range(n * 50):
        spec = _draw_spec(rng, vocab, type_weights)
        text = _query_text(vocab, *spec)
        if text not in seen:
            seen.add(text)
            specs.append((text, *spec))
        if len(specs) == n:
            break
    if len(specs) < n:
        raise SystemExit(f"could only make {len(specs)} distinct queries, wanted {n}")
    text, t, b, c, a, cap = map(list, zip(*specs))
    token_rows = [vocab.token_ids(s) for s in text]
    tokens = np.full((n, max(map(len, token_rows))), -1, dtype=np.int64)
    for i, r in enumerate(token_rows):
        tokens[i, : len(r)] = r
    volume = 16 * rng.lognormal(0, 1.2, n) * type_weights[t] * len(cat_w)
    return Queries(text, np.array(t), np.array(b), np.array(c), np.array(a), np.array(cap),
                   volume, tokens)


class _Pools:
    """Product indices by type and by category, for candidate retrieval."""

    def __init__(self, catalog: Catalog):
        order = np.argsort(catalog.ptype, kind="stable")
        bounds = np.searchsorted(catalog.ptype[order], np.arange(catalog.ptype.max() + 2))
        self.by_type = [order[bounds[i]: bounds[i + 1]] for i in range(len(bounds) - 1)]
        self.n = len(catalog.ptype)


def _candidates_for(rng, catalog: Catalog, pools: _Pools, queries: Queries, q: int, k: int):
    """A retrieval mix: mostly the query's product type, some siblings, some lexical noise."""
    pool = pools.by_type[queries.qtype[q]]
    weight = np.exp(0.3 * catalog.quality[pool])
    if queries.brand[q] >= 0:
        weight *= 1 + 3 * (catalog.brand[pool] == queries.brand[q])
    if queries.color[q] >= 0:
        weight *= 1 + 2 * (catalog.color[pool] == queries.color[q])
    if queries.adj[q] >= 0:
        weight *= 1 + 2 * (catalog.adjs[pool] == queries.adj[q]).any(axis=1)
    take = min(len(pool), int(0.6 * k))
    chosen = rng.choice(pool, take, replace=False, p=weight / weight.sum())
    siblings = [pools.by_type[t] for t in range(queries.qtype[q] // 4 * 4, queries.qtype[q] // 4 * 4 + 4)
                if t != queries.qtype[q]]
    sibling_pool = np.concatenate(siblings)
    sib = sibling_pool[rng.integers(0, len(sibling_pool), int(0.25 * k))]
    noise = rng.integers(0, pools.n, 2 * k)
    merged = np.concatenate([chosen, sib, noise])
    _, first = np.unique(merged, return_index=True)
    picked = merged[np.sort(first)][:k]
    return rng.permutation(picked)


def make_pairs(rng, catalog: Catalog, queries: Queries, k: int):
    pools = _Pools(catalog)
    per_query = [_candidates_for(rng, catalog, pools, queries, q, k) for q in range(len(queries.text))]
    qi = np.repeat(np.arange(len(per_query)), [len(c) for c in per_query])
    return qi, np.concatenate(per_query)


def latent_relevance(rng, catalog: Catalog, queries: Queries, qi, pi) -> np.ndarray:
    qtype = queries.qtype[qi]
    same_cat = catalog.category[pi] == qtype // 4
    r = np.where(catalog.ptype[pi] == qtype, 1.7, np.where(same_cat, 0.5, -0.5))
    r += _modifier(queries.brand[qi], catalog.brand[pi] == queries.brand[qi], 0.7, -0.6)
    r += _modifier(queries.color[qi], catalog.color[pi] == queries.color[qi], 0.45, -0.45)
    adj_hit = (catalog.adjs[pi] == queries.adj[qi][:, None]).any(axis=1)
    r += _modifier(queries.adj[qi], adj_hit, 0.55, -0.35)
    capped = queries.cap[qi] > 0
    r += np.where(capped, np.where(catalog.price[pi] <= queries.cap[qi], 0.25, -1.2), 0.0)
    return r + 0.35 * catalog.quality[pi] + rng.normal(0, 0.5, len(qi))


def _modifier(spec, hit, bonus, penalty):
    return np.where(spec >= 0, np.where(hit, bonus, penalty), 0.0)


def grade(relevance: np.ndarray) -> np.ndarray:
    return np.digitize(relevance, GRADE_THRESHOLDS).astype(np.int32)


def text_features(catalog: Catalog, queries: Queries, qi, pi, chunk=200_000):
    """BM25 (k1=1.2, b=0.75) of the query against the title, and the share of query words matched."""
    titles = catalog.title_tokens
    lengths = (titles >= 0).sum(axis=1)
    ordered = np.sort(titles, axis=1)
    first = np.ones_like(ordered, dtype=bool)
    first[:, 1:] = ordered[:, 1:] != ordered[:, :-1]  # a word repeated in a title counts once
    vocab_size = max(titles.max(), queries.tokens.max()) + 1
    df = np.bincount(ordered[first & (ordered >= 0)], minlength=vocab_size)
    n = len(titles)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    bm25, match = np.empty(len(qi)), np.empty(len(qi))
    for s in range(0, len(qi), chunk):
        q, p = queries.tokens[qi[s: s + chunk]], pi[s: s + chunk]
        tf = (titles[p][:, None, :] == q[:, :, None]).sum(axis=2) * (q >= 0)
        norm = 1.2 * (1 - 0.75 + 0.75 * lengths[p] / lengths.mean())
        q_idf = np.where(q >= 0, idf[q.clip(0)], 0.0)
        bm25[s: s + chunk] = (q_idf * tf * 2.2 / (tf + norm[:, None])).sum(axis=1)
        match[s: s + chunk] = (tf > 0).sum(axis=1) / (q >= 0).sum(axis=1)
    return bm25.astype(np.float32), match.astype(np.float32)


def query_ctr(rng, catalog: Catalog, queries: Queries, qi, pi, relevance, bm25, days: float):
    """Click-through of the pair under the previous ranker over `days` days; null when too few views."""
    old_score = bm25 + 0.5 * catalog.columns["popularity"][pi] + rng.normal(0, 1.0, len(qi))
    order = np.lexsort((-old_score, qi))
    starts = np.searchsorted(qi[order], qi[order])
    rank = np.empty(len(qi))
    rank[order] = np.arange(len(qi)) - starts
    impressions = rng.poisson(queries.volume[qi] * days * np.exp(-rank / 8))
    clicks = rng.binomial(impressions, 1 / (1 + np.exp(-(-2.8 + 0.9 * relevance))))
    ctr = (clicks / np.maximum(impressions, 1)).astype(np.float32)
    return ctr, impressions < 10
