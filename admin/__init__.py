"""The admin desktop app and the `vartio` operator command line."""
