"""The `archive` command and its subcommands, on top of every other layer."""
