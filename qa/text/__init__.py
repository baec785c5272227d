"""Text shared by every stage: normalisation (same length, offsets survive), tokenisation, the term table."""
