"""Files → documents → chunks: loading, cleaning, metadata, sections, chunking, the corpus scan, uploads."""
