"""Question sets → retrieval and answer metrics; synthetic corpora for benchmarks."""
