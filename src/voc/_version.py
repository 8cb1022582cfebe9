"""The single place the voc version is defined (read by packaging and by saved models)."""

__version__ = "0.1.0"
