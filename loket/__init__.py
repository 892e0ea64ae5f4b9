"""Loket: the counter app of a kelurahan service desk."""

from importlib import metadata

try:
    __version__ = metadata.version("loket")
except metadata.PackageNotFoundError:  # a checkout run without installing, or a bundle
    __version__ = "0.1.0"
