"""Synthetic e-commerce search data for rankd's sample bundle (see deploy/make_sample.py)."""
