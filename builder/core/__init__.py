"""The core: the typed model of the content, how it is read, checked, linked and verified, and its diagnostics.

It knows nothing of pages, of the preview or of MkDocs, and imports none of the other layers.
"""
