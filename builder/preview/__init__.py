"""The preview: what a save changes, and the pages it redraws."""
