"""Synthetic catalog: products with prices, clickstream statistics, reviews and an embedding."""
from dataclasses import dataclass

import numpy as np

from .vocabulary import CATEGORIES, CATEGORY_WEIGHTS, COLORS

ADJ_SLOTS = 8  # adjectives per category fit in this many slots of the global adjective index
EMBEDDING_WIDTH = 8


@dataclass
class Vocabulary:
    """Flattened category structure; every word of a title or query has an integer token id."""
    type_names: list
    type_category: np.ndarray
    type_price: np.ndarray
    brand_names: list
    adj_names: list          # index category * ADJ_SLOTS + j; "" for unused slots
    words: dict

    def token_ids(self, text: str) -> list:
        return [self.words.setdefault(w, len(self.words)) for w in text.split()]


def build_vocabulary() -> Vocabulary:
    types, type_cat, prices, brands, adjs = [], [], [], [], []
    for c, (_, type_list, brand_list, adj_list) in enumerate(CATEGORIES):
        for name, price in type_list:
            types.append(name)
            type_cat.append(c)
            prices.append(price)
        brands.extend(brand_list)
        adjs.extend(adj_list + [""] * (ADJ_SLOTS - len(adj_list)))
    return Vocabulary(types, np.array(type_cat), np.array(prices, dtype=np.float64), brands,
                      adjs, {})


@dataclass
class Catalog:
    product_id: list
    ptype: np.ndarray
    category: np.ndarray
    brand: np.ndarray
    color: np.ndarray
    adjs: np.ndarray          # [P, 2] global adjective index, -1 for none
    quality: np.ndarray       # latent, standard-normal-ish
    price: np.ndarray
    price_z: np.ndarray       # log price relative to the product type, standardised
    title_tokens: np.ndarray  # [P, L] token ids, -1 padding
    columns: dict             # the products.parquet columns


def _pick_adjectives(rng, category: np.ndarray, vocab: Vocabulary) -> np.ndarray:
    counts = np.array([len(c[3]) for c in CATEGORIES])[category]
    first = rng.integers(0, 1 << 30, len(category)) % counts
    second = (first + 1 + rng.integers(0, 1 << 30, len(category)) % (counts - 1)) % counts
    adjs = np.stack([category * ADJ_SLOTS + first, category * ADJ_SLOTS + second], axis=1)
    adjs[rng.random(len(category)) < 0.45, 1] = -1  # many products carry a single adjective
    return adjs


def _titles(vocab: Vocabulary, brand, adjs, ptype, color, model_no) -> np.ndarray:
    rows = []
    for i in range(len(ptype)):
        words = [vocab.brand_names[brand[i]]]
        words += [vocab.adj_names[a] for a in adjs[i] if a >= 0]
        words += [vocab.type_names[ptype[i]], f"{vocab.brand_names[brand[i]][:2]}{model_no[i]}",
                  COLORS[color[i]]]
        rows.append(vocab.token_ids(" ".join(words)))
    width = max(len(r) for r in rows)
    out = np.full((len(rows), width), -1, dtype=np.int64)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def _clickstream(rng, quality, price_z, days):
    """30-day funnel (views → clicks → carts → purchases) driven by latent quality and price."""
    log_views = rng.normal(4.3 + 0.7 * quality - 0.25 * np.log1p(days / 30.0), 1.1)
    views = np.floor(np.exp(np.clip(log_views, 0, 11))).astype(np.int64)
    ctr = 1 / (1 + np.exp(-(-2.9 + 0.45 * quality - 0.2 * price_z)))
    impressions = views * 6
    clicks = rng.binomial(impressions, ctr)
    carts = rng.binomial(clicks, 1 / (1 + np.exp(-(-1.5 + 0.4 * quality - 0.25 * price_z))))
    buys = rng.binomial(carts, 1 / (1 + np.exp(-(-0.3 + 0.3 * quality))))
    safe = np.maximum(clicks, 1)
    return views, clicks / np.maximum(impressions, 1), carts / safe, buys / safe, buys


def _reviews(rng, quality, purchases_30d, days):
    lifetime = purchases_30d * np.minimum(days, 720) / 30.0
    review_count = rng.poisson(0.35 * lifetime + 0.8).astype(np.int32)
    noise = rng.normal(0, 1, len(quality)) / np.sqrt(review_count + 1.0)
    rating = np.round(np.clip(3.8 + 0.45 * quality + noise, 1, 5), 1).astype(np.float32)
    rating_null = (review_count == 0) | (rng.random(len(quality)) < 0.02)
    return review_count, rating, rating_null


def _embeddings(rng, vocab: Vocabulary, category, ptype, quality) -> np.ndarray:
    centroids = rng.normal(0, 1, (len(CATEGORIES), EMBEDDING_WIDTH))
    offsets = rng.normal(0, 0.6, (len(vocab.type_names), EMBEDDING_WIDTH))
    direction = rng.normal(0, 1, EMBEDDING_WIDTH)
    vec = centroids[category] + offsets[ptype] + rng.normal(0, 0.35, (len(ptype), EMBEDDING_WIDTH))
    vec += 0.2 * quality[:, None] * direction[None, :]
    return (vec / np.linalg.norm(vec, axis=1, keepdims=True)).astype(np.float32)


def make_catalog(rng, vocab: Vocabulary, n: int) -> Catalog:
    weights = np.array(CATEGORY_WEIGHTS) / np.sum(CATEGORY_WEIGHTS)
    category = rng.choice(len(CATEGORIES), n, p=weights)
    ptype = category * 4 + rng.integers(0, 4, n)
    brand_rank = np.minimum(rng.zipf(1.6, n) - 1, 5)  # a few brands carry most of the catalog
    brand = category * 6 + brand_rank
    brand_quality = rng.normal(0, 0.5, len(vocab.brand_names))
    quality = brand_quality[brand] + rng.normal(0, 0.8, n)
    log_rel_price = 0.3 * quality + rng.normal(0, 0.5, n)
    price = np.maximum(0.99, np.round(vocab.type_price[ptype] * np.exp(log_rel_price)) - 0.01)
    price_z = (log_rel_price - 0.0) / 0.55
    color = rng.integers(0, len(COLORS), n)
    adjs = _pick_adjectives(rng, category, vocab)
    titles = _titles(vocab, brand, adjs, ptype, color, rng.integers(100, 1000, n))
    days = (1 + np.floor(rng.exponential(365, n))).clip(1, 3650).astype(np.int32)
    views, ctr, atc, pr, buys = _clickstream(rng, quality, price_z, days)
    review_count, rating, rating_null = _reviews(rng, quality, buys, days)
    columns = {
        "product_id": [f"P{i:06d}" for i in range(1, n + 1)],
        "price": price.astype(np.float32),
        "rating": (rating, rating_null),
        "review_count": review_count,
        "ctr_30d": ctr.astype(np.float32),
        "add_to_cart_rate": atc.astype(np.float32),
        "purchase_rate": pr.astype(np.float32),
        "days_since_listed": days,
        "popularity": np.log1p(views.astype(np.float64)),
        "embedding": _embeddings(rng, vocab, category, ptype, quality),
    }
    return Catalog(columns["product_id"], ptype, category, brand, color, adjs, quality, price,
                   price_z, titles, columns)


def make_users(rng, n: int) -> dict:
    price_affinity = rng.normal(0, 1, n).astype(np.float32)
    mobile_share = rng.beta(2.0, 1.5, n).astype(np.float32)
    pa_null = rng.random(n) < 0.02
    ms_null = rng.random(n) < 0.03
    pa_null[6] = True  # u-7 always has an unknown price affinity: the parity cases rely on it
    return {"user_id": [f"u-{i}" for i in range(1, n + 1)],
            "price_affinity": (price_affinity, pa_null),
            "mobile_share": (mobile_share, ms_null)}
