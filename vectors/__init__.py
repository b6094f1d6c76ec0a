"""Dense vectors: the embedders, the embedding cache and the vector store (Chroma), written by ingest and
read by retrieval."""
