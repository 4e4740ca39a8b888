"""报告库: a static-site archive of Chinese work reports, built with MkDocs."""

__version__ = "0.1.0"
