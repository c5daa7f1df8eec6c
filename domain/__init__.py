"""Pure trading domain: values, events, commands, decisions and the folds over them (stdlib only)."""
