"""Readers: passages → an answer made of verbatim, cited pieces."""
