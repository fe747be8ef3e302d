"""accountmap: map enterprise customer relationships as a graph and find thin coverage."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("accountmap")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+source"
