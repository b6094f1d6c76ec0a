"""Text embedders behind one Protocol; ``make_embedder(spec)`` picks one by name."""

from vectors.embedders.base import Embedder
from vectors.embedders.factory import VALID_SPECS, make_embedder

__all__ = ["VALID_SPECS", "Embedder", "make_embedder"]
