"""Build a sourced explainer archive: load -> validate -> link -> emit.

The package is independent of MkDocs; `builder.engine.plugin` is the thin adapter that feeds the emitted
pages to MkDocs, and `builder.commands.cli` is the `archive` command.
"""
