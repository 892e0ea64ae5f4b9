"""Loket: the counter app of a kelurahan service desk."""

# The one place the version is written: pyproject.toml reads it from here (setuptools'
# dynamic attr). Not importlib.metadata: scanning the installed distributions cost
# `loket --version` ~40 ms, more than the rest of the parser (issue 14).
__version__ = "0.1.0"
