"""Rendering: the archive's documents from checked content (pages, notes, Cite this, feeds, data, search)."""
