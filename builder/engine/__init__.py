"""The engine adapter: the only code that knows MkDocs (and watchdog, for the preview's server)."""
