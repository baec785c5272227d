"""Shells over the public API: the command line, display helpers, exports, feedback."""
