"""Search sessions over the training queries, their feature matrix and personalised labels."""
import numpy as np

from .queries import grade

DIURNAL = np.array([1, 0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.4, 1.8, 2, 2, 2.1,
                    2.4, 2.3, 2.1, 2, 2.1, 2.3, 2.7, 3, 3, 2.6, 2, 1.4])


def nullable(values) -> np.ndarray:
    """A (values, null_mask) column as float32 with NaN for null, as the model sees it."""
    if isinstance(values, tuple):
        data, nulls = values
        return np.where(nulls, np.nan, data).astype(np.float32)
    return np.asarray(values).astype(np.float32)


def make_sessions(rng, queries: np.ndarray, per_query: int, users: dict) -> dict:
    """One session per (query, repeat): a user (30 % anonymous), an hour and a device."""
    q = np.repeat(queries, per_query)
    n_users = len(users["user_id"])
    user = np.where(rng.random(len(q)) < 0.7, rng.integers(0, n_users, len(q)), -1)
    hour = rng.choice(24, len(q), p=DIURNAL / DIURNAL.sum()).astype(np.float32)
    share = np.nan_to_num(nullable(users["mobile_share"]), nan=0.55)
    p_mobile = np.where(user >= 0, share[np.maximum(user, 0)], 0.55)
    mobile = (rng.random(len(q)) < p_mobile).astype(np.float32)
    hour[rng.random(len(q)) < 0.1] = np.nan  # clients that send no hour
    mobile[rng.random(len(q)) < 0.1] = np.nan
    return {"query": q, "user": user, "hour": hour, "mobile": mobile}


def feature_matrix(catalog, users, qp_columns, pair_rows, sessions, s_of_row) -> np.ndarray:
    """Rows in manifest order: product (8 + 8 embedding), query_product (3), user (2), context (2)."""
    c = catalog.columns
    pi = qp_columns["_product_index"][pair_rows]
    product = [nullable(c[name])[pi] for name in
               ("price", "rating", "review_count", "ctr_30d", "add_to_cart_rate",
                "purchase_rate", "days_since_listed", "popularity")]
    embedding = c["embedding"][pi]
    qp = [nullable(qp_columns[name])[pair_rows]
          for name in ("text_similarity", "title_match", "query_ctr")]
    u = sessions["user"][s_of_row]
    user = [np.where(u >= 0, nullable(users[name])[np.maximum(u, 0)], np.nan)
            for name in ("price_affinity", "mobile_share")]
    context = [sessions["hour"][s_of_row], sessions["mobile"][s_of_row]]
    return np.column_stack(product + [embedding] + qp + user + context).astype(np.float32)


def personal_labels(rng, relevance, catalog, qp_columns, pair_rows, x) -> np.ndarray:
    """Graded labels: the latent relevance, nudged by the user's price taste and the device."""
    price_z = catalog.price_z[qp_columns["_product_index"][pair_rows]]
    affinity = np.nan_to_num(x[:, 19])
    mobile = np.nan_to_num(x[:, 22])
    personal = relevance[pair_rows] + 0.25 * affinity * price_z - 0.15 * mobile * price_z
    return grade(personal + rng.normal(0, 0.1, len(pair_rows)))


def training_rows(sessions: dict, query_starts: np.ndarray, query_counts: np.ndarray):
    """Pair row indices for every session, grouped by session (LightGBM's query groups)."""
    pair_rows, s_of_row = [], []
    for s, q in enumerate(sessions["query"]):
        pair_rows.append(np.arange(query_starts[q], query_starts[q] + query_counts[q]))
        s_of_row.append(np.full(query_counts[q], s))
    groups = query_counts[sessions["query"]]
    return np.concatenate(pair_rows), np.concatenate(s_of_row), groups


def train(x, labels, groups, trees: int, threads: int):
    import lightgbm as lgb
    ranker = lgb.LGBMRanker(
        objective="lambdarank", n_estimators=trees, num_leaves=15, learning_rate=0.08,
        min_child_samples=20, subsample=1.0, colsample_bytree=1.0, random_state=20261120,
        deterministic=True, force_row_wise=True, n_jobs=threads, verbose=-1)
    ranker.fit(x, labels, group=groups)
    return ranker
