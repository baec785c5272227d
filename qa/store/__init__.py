"""The index on disk: build and load, BM25, dense vectors, the embedding model and its conversion."""
