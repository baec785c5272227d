"""Question analysis, the hybrid retriever and score fusion."""
